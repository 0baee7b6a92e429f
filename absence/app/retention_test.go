package app_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/audit"
)

// contactpersoon holds retention.delete at employer org-werkgever.
func retContactpersoon() map[string]any {
	return claims("sub", "user-cp", "name", "Ilse Kok", "roles", []string{"contactpersoon"}, "sid", "sid-cp")
}

// retEmployee stores an employee directly, so dates can lie years back.
func retEmployee(t *testing.T, e *env, employer, number, name string, end date.Date) store.Employee {
	t.Helper()
	emp, err := e.app.Store.CreateEmployee(context.Background(), store.Employee{
		Employer: employer, PersonnelNumber: number, Name: name, BirthDate: date.MustParse("1980-05-01"),
		EmploymentStart: today().AddDays(-20 * 365), EmploymentEnd: end, ContractMinutes: 36 * 60,
	})
	if err != nil {
		t.Fatal(err)
	}
	return emp
}

// retCase stores an absence from first with a partial recovery; with a
// zero recovered it stays open, else it closes with full recovery then.
func retCase(t *testing.T, e *env, emp store.Employee, first, recovered date.Date) string {
	t.Helper()
	ctx := context.Background()
	c, err := e.app.Store.CreateCase(ctx, store.Case{EmployeeID: emp.ID, Employer: emp.Employer, FirstSickDay: first})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.Store.AddRecovery(ctx, store.Recovery{CaseID: c.ID, On: first.AddDays(5), Percentage: 50}); err != nil {
		t.Fatal(err)
	}
	if !recovered.IsZero() {
		if _, err := e.app.Store.AddRecovery(ctx, store.Recovery{CaseID: c.ID, On: recovered, Percentage: 100}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.app.Store.AddMedicalNote(ctx, store.MedicalNote{CaseID: c.ID, BodySealed: "Medische notitie", Author: "arts", AuthorOrg: "org-arts"}); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// retFixture: records of org-werkgever in and out of their terms, and an
// expired record of another employer.
type retFixture struct {
	working, expiredCase, keptCase   string // an employee at work, a case past its term, one within
	former, formerCase               string // an employee who left four years ago, with an old case
	stillSick, openCase              string // left long ago, still partly sick
	otherEmployee, otherEmployerCase string // org-werkgever-2's expired records
}

func newRetFixture(t *testing.T, e *env) retFixture {
	t.Helper()
	ago := func(days int) date.Date { return today().AddDays(-days) }
	var f retFixture
	w := retEmployee(t, e, "org-werkgever", "1", "Sanne de Vries", date.Date{})
	f.working = w.ID
	f.expiredCase = retCase(t, e, w, ago(3*365+60), ago(3*365))
	f.keptCase = retCase(t, e, w, ago(400), ago(365))
	former := retEmployee(t, e, "org-werkgever", "2", "Kees Bakker", ago(4*365))
	f.former = former.ID
	f.formerCase = retCase(t, e, former, ago(6*365), ago(6*365-30))
	sick := retEmployee(t, e, "org-werkgever", "3", "Fatima el Amrani", ago(5*365))
	f.stillSick = sick.ID
	f.openCase = retCase(t, e, sick, ago(6*365), date.Date{})
	other := retEmployee(t, e, "org-werkgever-2", "1", "Piet Slager", ago(10*365))
	f.otherEmployee = other.ID
	f.otherEmployerCase = retCase(t, e, other, ago(11*365), ago(11*365-30))
	return f
}

var retCheckedRE = regexp.MustCompile(`value="((?:VZ|MW)-[A-Z2-7]{8})" id="[^"]+" aria-label="[^"]+" checked`)

// retChecked returns the ids whose checkbox the page shows checked.
func retChecked(body string) map[string]bool {
	out := map[string]bool{}
	for _, m := range retCheckedRE.FindAllStringSubmatch(body, -1) {
		out[m[1]] = true
	}
	return out
}

// TestRetentionSelectConfirmDelete: the overview lists only the employer's
// expired records, select-all works without JavaScript, the confirmation
// states the count, and deletion removes exactly the confirmed records;
// records of another employer posted into the form are never deleted.
func TestRetentionSelectConfirmDelete(t *testing.T) {
	e := newEnv(t)
	cp := e.browser()
	cp.login(retContactpersoon())
	f := newRetFixture(t, e)

	status, body := cp.get("/retention")
	if status != http.StatusOK {
		t.Fatalf("/retention: %d", status)
	}
	mustContain(t, body, "Bewaartermijnen", `href="/retention" aria-current="page"`, "2 jaar na volledig herstel (standaard)",
		f.expiredCase, f.formerCase, f.former, "Sanne de Vries", "Kees Bakker", retAddYears(today().AddDays(-3*365), 2).Format("nl"),
		"Alle verlopen dossiers selecteren", "medische notities van de bedrijfsarts")
	mustNotContain(t, body, f.keptCase, f.openCase, f.stillSick, f.otherEmployee, f.otherEmployerCase, "Piet Slager")
	if n := len(retChecked(body)); n != 0 {
		t.Fatalf("%d records selected before asking", n)
	}
	_, body = cp.get("/retention?select=all")
	if got := retChecked(body); len(got) != 3 || !got[f.expiredCase] || !got[f.formerCase] || !got[f.former] {
		t.Fatalf("select all checked %v", got)
	}
	if !e.hasEvent("absence.retention.view", "org-werkgever", audit.OutcomeSuccess) {
		t.Fatal("overview not audited")
	}

	// Nothing of ours selected: the overview again, with the message.
	status, body, _ = cp.post("/retention/confirm", url.Values{"case": {f.otherEmployerCase}, "employee": {f.otherEmployee}})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("confirm without own records: %d", status)
	}
	mustContain(t, body, "Selecteer ten minste één verzuimdossier")
	mustNotContain(t, body, "Piet Slager")

	selection := url.Values{"case": {f.expiredCase, f.otherEmployerCase, f.keptCase}, "employee": {f.former, f.otherEmployee}}
	status, body, _ = cp.post("/retention/confirm", selection)
	if status != http.StatusOK {
		t.Fatalf("confirm: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "Definitief verwijderen?", "definitief", `<dt>Verzuimdossiers</dt><dd>2</dd>`, `<dt>Medewerkers</dt><dd>1</dd>`,
		`name="case" value="`+f.expiredCase+`"`, `name="employee" value="`+f.former+`"`)
	mustNotContain(t, body, f.otherEmployerCase, f.otherEmployee, f.keptCase)

	// The confirmation is posted with another employer's ids added.
	status, body, _ = cp.post("/retention/delete", selection)
	if status != http.StatusOK {
		t.Fatalf("delete: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "Gegevens verwijderd", `<dt>Verwijderde verzuimdossiers</dt><dd>2</dd>`, `<dt>Verwijderde medewerkers</dt><dd>1</dd>`,
		"Niet verwijderd", "Niet gevonden bij uw organisatie", "De bewaartermijn loopt nog")
	ctx := context.Background()
	for _, id := range []string{f.otherEmployerCase, f.keptCase, f.openCase} {
		if _, err := e.app.Store.GetCase(ctx, id); err != nil {
			t.Fatalf("case %s was deleted: %v", id, err)
		}
	}
	for _, id := range []string{f.otherEmployee, f.working, f.stillSick} {
		if _, err := e.app.Store.GetEmployee(ctx, id); err != nil {
			t.Fatalf("employee %s was deleted: %v", id, err)
		}
	}
	for _, p := range []string{"/cases/" + f.expiredCase, "/cases/" + f.formerCase, "/employees/" + f.former} {
		if status, _ := cp.get(p); status != http.StatusNotFound {
			t.Fatalf("%s after deletion: %d", p, status)
		}
	}
	for _, want := range []struct{ action, target string }{
		{"absence.retention.delete_case", f.expiredCase}, {"absence.retention.delete_case", f.formerCase},
		{"absence.retention.delete_employee", f.former},
	} {
		if !e.hasEvent(want.action, want.target, audit.OutcomeSuccess) {
			t.Errorf("no audit event %s on %s", want.action, want.target)
		}
	}
	for _, ev := range e.events() {
		if strings.HasPrefix(ev.Action, "absence.retention.delete") && (ev.TargetID == f.otherEmployerCase || ev.TargetID == f.otherEmployee) {
			t.Fatalf("another employer's record audited as deleted: %+v", ev)
		}
		for _, field := range []string{ev.ActorID, ev.TargetID, ev.OrgID, ev.Reason} {
			if strings.Contains(field, "Kees") || strings.Contains(field, "Sanne") {
				t.Fatalf("personal data in audit event %+v", ev)
			}
		}
	}
	if report, err := e.app.Audit.Verify(ctx); err != nil || !report.OK {
		t.Fatalf("audit chain: %+v %v", report, err)
	}
	// The overview no longer lists them.
	_, body = cp.get("/retention")
	mustNotContain(t, body, f.expiredCase, f.formerCase, f.former)
	mustContain(t, body, "Er zijn geen verzuimdossiers of medewerkergegevens met een verlopen bewaartermijn")
}

// TestRetentionSkipsRecordsMadeUndue: between the confirmation and the
// deletion the former employee reports sick again and the employer sets
// the five-year term; nothing is deleted and both are reported back.
func TestRetentionSkipsRecordsMadeUndue(t *testing.T) {
	e := newEnv(t)
	cp := e.browser()
	cp.login(retContactpersoon())
	f := newRetFixture(t, e)
	selection := url.Values{"case": {f.expiredCase}, "employee": {f.former}}
	if status, body, _ := cp.post("/retention/confirm", selection); status != http.StatusOK {
		t.Fatalf("confirm: %d\n%s", status, excerpt(body))
	}

	former, err := e.app.Store.GetEmployee(context.Background(), f.former)
	if err != nil {
		t.Fatal(err)
	}
	retCase(t, e, former, today().AddDays(-2), date.Date{})
	status, body, _ := cp.post("/retention/term", url.Values{"policy": {"tien-jaar"}})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("bad term: %d", status)
	}
	mustContain(t, body, "Kies een van de bewaartermijnen")
	status, body, _ = cp.post("/retention/term", url.Values{"policy": {"eigenrisicodrager"}})
	if status != http.StatusOK {
		t.Fatalf("set term: %d", status)
	}
	mustContain(t, body, "De bewaartermijn is opgeslagen", `value="eigenrisicodrager" checked`)
	if !e.hasEvent("absence.retention.term", "org-werkgever", audit.OutcomeSuccess) {
		t.Fatal("term change not audited")
	}

	status, body, _ = cp.post("/retention/delete", selection)
	if status != http.StatusOK {
		t.Fatalf("delete: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, `<dt>Verwijderde verzuimdossiers</dt><dd>0</dd>`, `<dt>Verwijderde medewerkers</dt><dd>0</dd>`,
		`data-reason="case_kept"`, `data-reason="in_term"`, "Er is nog een verzuimdossier van deze medewerker",
		"Te verwijderen vanaf "+retAddYears(today().AddDays(-3*365), 5).Format("nl"))
	if _, err := e.app.Store.GetEmployee(context.Background(), f.former); err != nil {
		t.Fatalf("employee deleted: %v", err)
	}
	if status, _ := cp.get("/cases/" + f.expiredCase); status != http.StatusOK {
		t.Fatalf("case deleted: %d", status)
	}
	for _, ev := range e.events() {
		if strings.HasPrefix(ev.Action, "absence.retention.delete") {
			t.Fatalf("deletion audited though nothing was deleted: %+v", ev)
		}
	}
}

// retAddYears is the same calendar day n years after d.
func retAddYears(d date.Date, n int) date.Date {
	y, m, day := d.Time().Date()
	return date.New(y+n, m, day)
}

// TestRetentionNeedsTheRight: hr and a provider get 403 and no link, a
// cross-origin post is refused, and nothing is deleted.
func TestRetentionNeedsTheRight(t *testing.T) {
	e := newEnv(t)
	cp := e.browser()
	_, body := cp.login(retContactpersoon())
	mustContain(t, body, `href="/retention"`)
	f := newRetFixture(t, e)
	hr := e.browser()
	hr.login(claims("sid", "sid-hr"))
	arbo := e.browser()
	arbo.login(claims("sub", "user-arbo", "org", "org-arbo", "org_name", "Arbo", "domain", "arbodienst",
		"roles", []string{"casemanager"}, "sid", "sid-arbo"))
	selection := url.Values{"case": {f.expiredCase}, "employee": {f.former}}
	for name, b := range map[string]*browser{"hr": hr, "arbodienst": arbo} {
		if status, _ := b.get("/retention"); status != http.StatusForbidden {
			t.Errorf("%s GET /retention: %d", name, status)
		}
		for _, p := range []string{"/retention/confirm", "/retention/delete"} {
			if status, _, _ := b.post(p, selection); status != http.StatusForbidden {
				t.Errorf("%s POST %s: %d", name, p, status)
			}
		}
		if status, _, _ := b.post("/retention/term", url.Values{"policy": {"eigenrisicodrager"}}); status != http.StatusForbidden {
			t.Errorf("%s POST /retention/term: %d", name, status)
		}
		_, body := b.get("/")
		mustNotContain(t, body, `href="/retention"`)
	}
	req, _ := http.NewRequest(http.MethodPost, e.url+"/retention/delete", strings.NewReader(selection.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := cp.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin delete: %d", resp.StatusCode)
	}
	if _, err := e.app.Store.GetCase(context.Background(), f.expiredCase); err != nil {
		t.Fatalf("case deleted: %v", err)
	}
	if _, err := e.app.Store.GetEmployee(context.Background(), f.former); err != nil {
		t.Fatalf("employee deleted: %v", err)
	}
}
