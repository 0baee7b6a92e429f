package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/audit"
)

var ams, _ = time.LoadLocation("Europe/Amsterdam")

func today() date.Date { return date.Of(time.Now(), ams) }

// registerEmployee posts the new-employee form and returns the new id.
func registerEmployee(t *testing.T, b *browser, number, name string) string {
	t.Helper()
	status, body, resp := b.post("/employees", url.Values{
		"personnel_number": {number}, "name": {name}, "birth_date": {"12-04-1985"}, "email": {"sanne@bakkerij.example"},
		"contract_hours": {"32,5"}, "employment_start": {"2020-01-01"},
	})
	if status != http.StatusOK || !strings.Contains(resp.Request.URL.Path, "/employees/MW-") {
		t.Fatalf("register employee: %d %s\n%s", status, resp.Request.URL, excerpt(body))
	}
	mustContain(t, body, name, "De medewerker is geregistreerd", "32,5 uur per week", "12-04-1985")
	return firstID(t, resp.Request.URL.Path, "MW")
}

// reportSick reports the employee sick from first and returns the absence id.
func reportSick(t *testing.T, b *browser, employee string, first date.Date, notes string) string {
	t.Helper()
	status, body, resp := b.post("/employees/"+employee+"/sick", url.Values{"first_sick_day": {first.String()}, "expected_days": {"14"}, "notes": {notes}})
	if status != http.StatusOK || !strings.HasPrefix(resp.Request.URL.Path, "/cases/VZ-") {
		t.Fatalf("report sick: %d %s\n%s", status, resp.Request.URL, excerpt(body))
	}
	return firstID(t, resp.Request.URL.Path, "VZ")
}

// TestEmployerFlow: register an employee, report sick, see the timeline,
// mark a step done, report partial then full recovery.
func TestEmployerFlow(t *testing.T) {
	e, hr := employerEnv(t)
	status, body := hr.get("/employees")
	if status != http.StatusOK {
		t.Fatalf("/employees %d", status)
	}
	mustContain(t, body, "Er zijn nog geen medewerkers geregistreerd", `href="/employees/new"`)

	// Validation: every missing field is named.
	status, body, _ = hr.post("/employees", url.Values{"name": {"X"}, "contract_hours": {"80"}, "birth_date": {"31-02-1990"}})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid employee: %d", status)
	}
	mustContain(t, body, "Controleer de volgende punten", "Dit veld is verplicht", "van 0 tot en met 60", "geldige datum")

	emp := registerEmployee(t, hr, "1001", "Sanne de Vries")
	status, body, _ = hr.post("/employees", url.Values{"personnel_number": {"1001"}, "name": {"Ander"}, "birth_date": {"1990-01-01"},
		"contract_hours": {"40"}, "employment_start": {"2024-01-01"}})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("duplicate personnel number: %d", status)
	}
	mustContain(t, body, "personeelsnummer is al in gebruik")

	// Change the details.
	status, body, _ = hr.post("/employees/"+emp, url.Values{"personnel_number": {"1001"}, "name": {"Sanne de Vries-Jansen"},
		"birth_date": {"1985-04-12"}, "contract_hours": {"36"}, "employment_start": {"2020-01-01"}})
	if status != http.StatusOK {
		t.Fatalf("update: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "Sanne de Vries-Jansen", "36 uur per week")

	// Report sick seven weeks ago: the problem analysis is overdue.
	first := today().AddDays(-7 * 7)
	if status, body, _ := hr.post("/employees/"+emp+"/sick", url.Values{"first_sick_day": {today().AddDays(1).String()}}); status != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "niet in de toekomst") {
		t.Fatalf("sick in the future: %d", status)
	}
	abs := reportSick(t, hr, emp, first, "Rugklachten na verhuizing")
	_, body = hr.get("/cases/" + abs)
	mustContain(t, body, "Verzuimdossier Sanne de Vries-Jansen", "nu in week 8", "Probleemanalyse", "Te laat", "Plan van aanpak", "Nu doen",
		"Ziekmelding bij UWV", "Eindevaluatie en WIA-aanvraag", "week 91–104", first.Format("nl"), `data-status="overdue"`)
	mustNotContain(t, body, "Medische notities")
	if status, body, _ := hr.post("/employees/"+emp+"/sick", url.Values{"first_sick_day": {today().String()}}); status != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "al ziek gemeld") {
		t.Fatalf("second sick report: %d", status)
	}

	// Mark the problem analysis done.
	status, body, _ = hr.post("/cases/"+abs+"/steps/probleemanalyse", url.Values{"done_on": {today().String()}, "note": {"Gesprek met bedrijfsarts gepland"}})
	if status != http.StatusOK {
		t.Fatalf("mark step: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "De stap is als gedaan gemarkeerd", "Gedaan op "+today().Format("nl")+" — Gesprek met bedrijfsarts gepland")
	if status, _, _ := hr.post("/cases/"+abs+"/steps/bestaat_niet", url.Values{"done_on": {today().String()}}); status != http.StatusNotFound {
		t.Fatalf("unknown step: %d", status)
	}

	// Partial, then full recovery.
	status, body, _ = hr.post("/cases/"+abs+"/recovery", url.Values{"kind": {"partial"}, "percentage": {"150"}, "on": {today().String()}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "percentage in van 1 tot en met 99") {
		t.Fatalf("bad percentage: %d", status)
	}
	status, body, _ = hr.post("/cases/"+abs+"/recovery", url.Values{"kind": {"partial"}, "percentage": {"50"}, "on": {today().AddDays(-3).String()}})
	if status != http.StatusOK {
		t.Fatalf("partial recovery: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "Het gedeeltelijk herstel is geregistreerd", "50% aan het werk per", "Werkt weer voor 50%.")
	_, body = hr.get("/employees")
	mustContain(t, body, "Ziek sinds "+first.Format("nl"), "50% aan het werk")
	status, body, _ = hr.post("/cases/"+abs+"/recovery", url.Values{"kind": {"full"}, "on": {today().String()}})
	if status != http.StatusOK {
		t.Fatalf("full recovery: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "Volledig hersteld per "+today().Format("nl"), `data-status="not_needed"`)
	mustNotContain(t, body, `id="full-recovery"`)
	_, body = hr.get("/employees")
	mustContain(t, body, "Aan het werk")

	// Every view and change is audited, with ids only.
	for _, want := range []struct{ action, target string }{
		{"absence.employee.create", emp}, {"absence.employee.update", emp}, {"absence.employee.view", emp},
		{"absence.case.create", abs}, {"absence.case.view", abs}, {"absence.case.step_done", abs},
		{"absence.case.recovery", abs}, {"absence.employee.list", "org-werkgever"},
	} {
		if !e.hasEvent(want.action, want.target, audit.OutcomeSuccess) {
			t.Errorf("no audit event %s on %s", want.action, want.target)
		}
	}
	for _, ev := range e.events() {
		for _, field := range []string{ev.ActorID, ev.TargetID, ev.OrgID, ev.Reason} {
			if strings.Contains(field, "Sanne") || strings.Contains(field, "@") || strings.Contains(field, "1985") {
				t.Fatalf("personal data in audit event %+v", ev)
			}
		}
	}
	if report, err := e.app.Audit.Verify(context.Background()); err != nil || !report.OK {
		t.Fatalf("audit chain: %+v %v", report, err)
	}
}

// TestEmployerSeesOnlyOwnEmployees: another employer gets 404.
func TestEmployerSeesOnlyOwnEmployees(t *testing.T) {
	e, hr := employerEnv(t)
	emp := registerEmployee(t, hr, "1", "Sanne de Vries")
	abs := reportSick(t, hr, emp, today(), "")

	other := e.browser()
	other.login(claims("sub", "user-other", "org", "org-werkgever-2", "org_name", "Slagerij", "sid", "sid-2"))
	for _, p := range []string{"/employees/" + emp, "/employees/" + emp + "/edit", "/cases/" + abs} {
		if status, body := other.get(p); status != http.StatusNotFound || strings.Contains(body, "Sanne") {
			t.Fatalf("%s for another employer: %d", p, status)
		}
	}
	if status, _, _ := other.post("/cases/"+abs+"/recovery", url.Values{"kind": {"full"}, "on": {today().String()}}); status != http.StatusNotFound {
		t.Fatalf("recovery by another employer: %d", status)
	}
	_, body := other.get("/employees")
	mustNotContain(t, body, "Sanne")
}

// TestProviderSeesEmployeeOnlyWithinRelationAndWhenSick is the negative
// registration through the whole application.
func TestProviderSeesEmployeeOnlyWithinRelationAndWhenSick(t *testing.T) {
	e, hr := employerEnv(t)
	sick := registerEmployee(t, hr, "1", "Sanne de Vries")
	healthy := registerEmployee(t, hr, "2", "Kees Bakker")
	abs := reportSick(t, hr, sick, today().AddDays(-10), "Griep")

	arbo := e.browser()
	arbo.login(claims("sub", "user-arbo", "org", "org-arbo", "org_name", "ArboNed Test", "domain", "arbodienst",
		"roles", []string{"casemanager"}, "sid", "sid-arbo"))
	// No relation yet: nothing.
	_, body := arbo.get("/employees")
	mustNotContain(t, body, "Sanne", "Kees")
	if status, _ := arbo.get("/employees/" + sick); status != http.StatusNotFound {
		t.Fatalf("without relation: %d", status)
	}

	ctx := context.Background()
	rel, err := e.app.Store.CreateRelation(ctx, registration.Relation{Provider: "org-arbo", Employer: "org-werkgever", Start: today().AddDays(-30)})
	if err != nil {
		t.Fatal(err)
	}
	_, body = arbo.get("/employees")
	mustContain(t, body, "Bakkerij De Korenschoof", "Sanne de Vries")
	mustNotContain(t, body, "Kees")
	if status, _ := arbo.get("/employees/" + healthy); status != http.StatusNotFound {
		t.Fatalf("healthy employee visible: %d", status)
	}
	status, body := arbo.get("/cases/" + abs)
	if status != http.StatusOK {
		t.Fatalf("dossier for the arbodienst: %d", status)
	}
	mustContain(t, body, "Griep", "Probleemanalyse")
	mustNotContain(t, body, "Medische notities")
	// The arbodienst cannot register or edit employees.
	if status, _ := arbo.get("/employees/new"); status != http.StatusForbidden {
		t.Fatalf("arbodienst /employees/new: %d", status)
	}
	if status, _ := arbo.get("/employees/" + sick + "/edit"); status != http.StatusForbidden {
		t.Fatalf("arbodienst edit: %d", status)
	}
	_, body = arbo.get("/relations")
	mustContain(t, body, "Bakkerij De Korenschoof", "Loopt")

	// The relation ends yesterday: everything disappears.
	if _, err := e.app.Store.EndRelation(ctx, rel.ID, today().AddDays(-1)); err != nil {
		t.Fatal(err)
	}
	_, body = arbo.get("/employees")
	mustNotContain(t, body, "Sanne")
	for _, p := range []string{"/employees/" + sick, "/cases/" + abs} {
		if status, _ := arbo.get(p); status != http.StatusNotFound {
			t.Fatalf("%s after the relation ended: %d", p, status)
		}
	}
}

// TestMedicalNotesOnlyForTheBedrijfsarts: the company doctor records and
// reads medical notes; the employer and the arbodienst never see them.
func TestMedicalNotesOnlyForTheBedrijfsarts(t *testing.T) {
	e, hr := employerEnv(t)
	emp := registerEmployee(t, hr, "1", "Sanne de Vries")
	abs := reportSick(t, hr, emp, today().AddDays(-3), "")
	ctx := context.Background()
	for _, p := range []string{"org-arts", "org-arbo"} {
		if _, err := e.app.Store.CreateRelation(ctx, registration.Relation{Provider: p, Employer: "org-werkgever", Start: today().AddDays(-30)}); err != nil {
			t.Fatal(err)
		}
	}
	arts := e.browser()
	arts.login(claims("sub", "user-arts", "org", "org-arts", "org_name", "Bedrijfsartsenpraktijk", "domain", "bedrijfsarts",
		"roles", []string{"bedrijfsarts"}, "sid", "sid-arts"))
	status, body := arts.get("/cases/" + abs)
	if status != http.StatusOK {
		t.Fatalf("dossier for the bedrijfsarts: %d", status)
	}
	mustContain(t, body, "Medische notities", "Nog geen medische notities")
	status, body, _ = arts.post("/cases/"+abs+"/medical-notes", url.Values{"body": {"Hernia L4-L5, fysiotherapie gestart."}})
	if status != http.StatusOK {
		t.Fatalf("add note: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "Hernia L4-L5, fysiotherapie gestart.")
	// At rest the note is sealed and bound to its absence.
	var sealed string
	if err := e.app.DB.QueryRowContext(ctx, `SELECT body FROM absence_medical_notes WHERE case_id = $1`, abs).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, "Hernia") || !strings.HasPrefix(sealed, "v1.") {
		t.Fatalf("medical note stored as %q", sealed)
	}
	other := reportSick(t, hr, registerEmployee(t, hr, "2", "Kees Bakker"), today().AddDays(-2), "")
	if _, err := e.app.Store.AddMedicalNote(ctx, store.MedicalNote{CaseID: other, BodySealed: sealed, Author: "user-arts"}); err != nil {
		t.Fatal(err)
	}
	if status, _ := arts.get("/cases/" + other); status != http.StatusInternalServerError {
		t.Errorf("a sealed note moved to another absence must not open: %d", status)
	}
	if !e.hasEvent("absence.medical_notes.view", abs, audit.OutcomeSuccess) {
		t.Error("medical view not audited")
	}

	arbo := e.browser()
	arbo.login(claims("sub", "user-arbo", "org", "org-arbo", "org_name", "Arbo", "domain", "arbodienst", "roles", []string{"casemanager"}, "sid", "sid-arbo"))
	for _, b := range []*browser{hr, arbo} {
		status, body := b.get("/cases/" + abs)
		if status != http.StatusOK {
			t.Fatalf("dossier: %d", status)
		}
		mustNotContain(t, body, "Hernia", "Medische notities")
		if status, _, _ := b.post("/cases/"+abs+"/medical-notes", url.Values{"body": {"poging"}}); status != http.StatusForbidden {
			t.Fatalf("medical note by a non-medical domain: %d", status)
		}
	}
	// A bedrijfsarts role name claimed in an employer grants no medical right.
	fake := e.browser()
	fake.login(claims("sub", "user-fake", "roles", []string{"hr", "bedrijfsarts"}, "sid", "sid-fake"))
	_, body = fake.get("/cases/" + abs)
	mustNotContain(t, body, "Hernia")
}

func TestRoleMatrixAndCSV(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(claims())
	status, body := b.get("/roles")
	if status != http.StatusOK {
		t.Fatal(status)
	}
	mustContain(t, body, "Rollen en rechten", "contactpersoon", "casemanager", "schadebehandelaar", "Medische gegevens inzien", "Nooit")
	resp, err := b.c.Get(e.url + "/roles.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") || !strings.Contains(resp.Header.Get("Content-Disposition"), "rolmatrix") {
		t.Fatalf("CSV headers %q %q", ct, resp.Header.Get("Content-Disposition"))
	}
	buf := make([]byte, 64)
	n, _ := resp.Body.Read(buf)
	if !strings.HasPrefix(string(buf[:n]), "domain,role,employee.view") {
		t.Fatalf("CSV starts %q", buf[:n])
	}
}

func TestStatisticsAndEnglish(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(claims())
	emp := registerEmployee(t, b, "1", "Sanne de Vries")
	reportSick(t, b, emp, today().AddDays(-9), "")
	status, body := b.get("/statistics")
	if status != http.StatusOK {
		t.Fatal(status)
	}
	mustContain(t, body, "Verzuimcijfers", "Nu ziek", "Verzuimpercentage")
	_, body = b.get("/employees?lang=en")
	mustContain(t, body, `lang="en"`, "Employees", "Sick since")
}
