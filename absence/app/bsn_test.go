package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/audit"
)

func (e *env) allowBSN(allowed bool) {
	e.t.Helper()
	if err := e.app.Store.SetBSNAllowed(context.Background(), "org-werkgever", allowed); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) sealedBSN(id string) (sealed, index string) {
	e.t.Helper()
	err := e.app.DB.QueryRowContext(context.Background(), `SELECT bsn_sealed, bsn_index FROM absence_employees WHERE id = $1`, id).Scan(&sealed, &index)
	if err != nil {
		e.t.Fatal(err)
	}
	return sealed, index
}

func (e *env) countEvents(action string) int {
	n := 0
	for _, ev := range e.events() {
		if ev.Action == action {
			n++
		}
	}
	return n
}

// TestBSNOnlyForAllowedEmployers: an employer not marked as allowed gets no
// BSN field, no BSN in the export, no search, its import lines with a BSN
// rejected, and BSNs sealed earlier stay hidden.
func TestBSNOnlyForAllowedEmployers(t *testing.T) {
	e, hr := employerEnv(t)

	// A BSN recorded while the employer was allowed.
	e.allowBSN(true)
	form := url.Values{"personnel_number": {"7"}, "name": {"Piet Jansen"}, "birth_date": {"1970-01-01"},
		"contract_hours": {"40"}, "employment_start": {"2010-01-01"}, "bsn": {"111222333"}}
	_, _, resp := hr.post("/employees", form)
	piet := firstID(t, resp.Request.URL.Path, "MW")
	sealed, _ := e.sealedBSN(piet)
	e.allowBSN(false)
	views := e.countEvents("absence.employee.bsn_view")

	_, body := hr.get("/employees/new")
	mustNotContain(t, body, `name="bsn"`)
	form.Set("personnel_number", "8")
	if status, body, _ := hr.post("/employees", form); status != http.StatusUnprocessableEntity || !strings.Contains(body, "mag geen burgerservicenummers vastleggen") {
		t.Fatalf("a posted BSN: %d", status)
	}
	mustNotContain(t, body, "111222333")
	if names := e.employeeNames("org-werkgever"); len(names) != 1 {
		t.Fatalf("an employee with a refused BSN was created: %v", names)
	}
	_, body = hr.get("/employees/" + piet)
	mustNotContain(t, body, "••••••333", `id="bsn"`)
	_, body = hr.get("/employees/" + piet + "/edit")
	mustNotContain(t, body, "111222333", `name="bsn"`)
	if e.countEvents("absence.employee.bsn_view") != views {
		t.Fatal("a BSN was opened for an employer that may not record it")
	}
	// Saving the form leaves the sealed BSN as it is.
	form.Del("bsn")
	form.Set("personnel_number", "7")
	form.Set("name", "Piet de Jansen")
	if status, _, _ := hr.post("/employees/"+piet, form); status != http.StatusOK {
		t.Fatalf("update: %d", status)
	}
	if now, _ := e.sealedBSN(piet); now != sealed {
		t.Fatal("the sealed BSN changed")
	}

	_, body = hr.get("/employees")
	mustNotContain(t, body, "/employees/bsn")
	for _, do := range []func() int{
		func() int { s, _ := hr.get("/employees/bsn"); return s },
		func() int { s, _, _ := hr.post("/employees/bsn", url.Values{"bsn": {"111222333"}}); return s },
	} {
		if status := do(); status != http.StatusNotFound {
			t.Fatalf("BSN search: %d", status)
		}
	}

	_, body = hr.get("/import")
	mustContain(t, body, "mag geen BSN vastleggen")
	mustNotContain(t, body, "<code>bsn</code>")
	_, _, text := hr.download(http.MethodGet, "/import/template.csv", nil)
	mustNotContain(t, text, "bsn")
	_, _, text = hr.download(http.MethodGet, "/employees/export.csv", nil)
	mustNotContain(t, text, "bsn", "111222333")
	if e.hasEvent("absence.employee.bsn_export", "", audit.OutcomeSuccess) {
		t.Fatal("BSN export audited")
	}

	status, body := hr.upload(impHeader + ";bsn\n" + impLine("", "nieuw", "9", "Met BSN") + ";123456782\n" + impLine("", "nieuw", "10", "Zonder BSN") + ";")
	if status != http.StatusOK {
		t.Fatalf("upload: %d", status)
	}
	mustContain(t, body, "Nieuwe medewerkers: 1", "Afgekeurde regels: 1", "<code>bsn</code>: Uw organisatie mag geen BSN vastleggen.")
	mustNotContain(t, body, "123456782")
	token := importToken(t, body)
	_, _, text = hr.download(http.MethodPost, "/import/rejected.csv", url.Values{"token": {token}})
	mustContain(t, text, "Met BSN", "mag geen BSN vastleggen")
	mustNotContain(t, text, "123456782", ";bsn;")
	hr.post("/import/confirm", url.Values{"token": {token}})
	if names := e.employeeNames("org-werkgever"); len(names) != 2 || names["10"] != "Zonder BSN" {
		t.Fatalf("after the import: %v", names)
	}
}

// TestBSNForAnAllowedEmployer: the form, the import, the export and the
// search carry the BSN; it is sealed and indexed, never shown on the
// preview, and every view and search is audited without the number.
func TestBSNForAnAllowedEmployer(t *testing.T) {
	e, hr := employerEnv(t)
	e.allowBSN(true)

	_, body := hr.get("/employees/new")
	mustContain(t, body, `name="bsn"`)
	form := url.Values{"personnel_number": {"7"}, "name": {"Piet Jansen"}, "birth_date": {"1970-01-01"},
		"contract_hours": {"40"}, "employment_start": {"2010-01-01"}, "bsn": {"123456782"}}
	_, _, resp := hr.post("/employees", form)
	piet := firstID(t, resp.Request.URL.Path, "MW")

	_, body = hr.get("/import")
	mustContain(t, body, "<code>bsn</code>", "mag het BSN vastleggen")
	_, _, text := hr.download(http.MethodGet, "/import/template.csv", nil)
	mustContain(t, text, expHeader+";bsn\r\n")

	// A new employee with a BSN; Piet's BSN cleared by an empty cell.
	status, body := hr.upload(impHeader + ";bsn\n" + impLine("", "nieuw", "9", "Sanne Bakker") + ";1112.22.333\n" + impLine(piet, "update", "7", "Piet Jansen") + ";")
	if status != http.StatusOK {
		t.Fatalf("upload: %d", status)
	}
	mustContain(t, body, "Nieuwe medewerkers: 1", "Medewerkers die worden bijgewerkt: 1", "Afgekeurde regels: 0")
	mustNotContain(t, body, "111222333", "1112.22.333", "Sanne Bakker")
	if status, _, _ := hr.post("/import/confirm", url.Values{"token": {importToken(t, body)}}); status != http.StatusOK {
		t.Fatalf("confirm: %d", status)
	}
	emps, _ := e.app.Store.Employees(context.Background(), "org-werkgever")
	sanne := ""
	for _, emp := range emps {
		if emp.PersonnelNumber == "9" {
			sanne = emp.ID
		}
	}
	sealed, index := e.sealedBSN(sanne)
	if !strings.HasPrefix(sealed, "v1.") || strings.Contains(sealed, "111222333") || len(index) != 64 {
		t.Fatalf("stored BSN %q index %q", sealed, index)
	}
	if sealed, index := e.sealedBSN(piet); sealed != "" || index != "" {
		t.Fatalf("the empty cell did not clear the BSN: %q %q", sealed, index)
	}
	_, body = hr.get("/employees/" + sanne)
	mustContain(t, body, "••••••333")

	// An update from a sheet without the bsn column keeps the BSN.
	_, body = hr.upload(impHeader + "\n" + impLine(sanne, "update", "9", "Sanne de Bakker"))
	hr.post("/import/confirm", url.Values{"token": {importToken(t, body)}})
	if now, _ := e.sealedBSN(sanne); now != sealed {
		t.Fatal("an update without the bsn column changed the BSN")
	}

	// The export carries the BSN, and says so in the audit trail.
	_, _, text = hr.download(http.MethodGet, "/employees/export.csv", nil)
	mustContain(t, text, expHeader+";bsn\r\n", sanne+";update;9;Sanne de Bakker;12-04-1985;;32,5;01-01-2020;;;111222333\r\n",
		piet+";update;7;Piet Jansen;12-04-1985;;32,5;01-01-2020;;;\r\n")
	if !e.hasEvent("absence.employee.bsn_export", "org-werkgever", audit.OutcomeSuccess) {
		t.Error("BSN export not audited")
	}

	// Search through the index: found, not found, invalid.
	_, body = hr.get("/employees")
	mustContain(t, body, `href="/employees/bsn"`)
	status, body, _ = hr.post("/employees/bsn", url.Values{"bsn": {"111 222 333"}})
	if status != http.StatusOK {
		t.Fatalf("search: %d", status)
	}
	mustContain(t, body, `href="/employees/`+sanne+`"`, "Sanne de Bakker", "Resultaat voor BSN ••••••333")
	mustNotContain(t, body, "111222333", "111 222 333")
	if !e.hasEvent("absence.employee.bsn_search", sanne, audit.OutcomeSuccess) {
		t.Error("search hit not audited")
	}
	_, body, _ = hr.post("/employees/bsn", url.Values{"bsn": {"123456782"}})
	mustContain(t, body, "Er is geen medewerker met dit BSN.")
	if !e.hasEvent("absence.employee.bsn_search", "org-werkgever", audit.OutcomeSuccess) {
		t.Error("search without a hit not audited")
	}
	if status, body, _ := hr.post("/employees/bsn", url.Values{"bsn": {"123456789"}}); status != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "geen geldig burgerservicenummer") || !strings.Contains(body, `value="123456789"`) {
		t.Fatalf("invalid BSN search: %d", status)
	}
	// Another employer finds nothing with the same number.
	other := e.browser()
	other.login(claims("sub", "user-other", "org", "org-werkgever-2", "sid", "sid-other"))
	if err := e.app.Store.SetBSNAllowed(context.Background(), "org-werkgever-2", true); err != nil {
		t.Fatal(err)
	}
	_, body, _ = other.post("/employees/bsn", url.Values{"bsn": {"111222333"}})
	mustContain(t, body, "Er is geen medewerker met dit BSN.")

	// The permission withdrawn between the check and the confirmation.
	_, body = hr.upload(impHeader + ";bsn\n" + impLine("", "nieuw", "11", "Laat Ingetrokken") + ";111222333")
	token := importToken(t, body)
	e.allowBSN(false)
	_, body, _ = hr.post("/import/confirm", url.Values{"token": {token}})
	mustContain(t, body, "aangemaakt: 0", "Afgekeurde regels: 1", "mag geen BSN vastleggen")
	if _, ok := e.employeeNames("org-werkgever")["11"]; ok {
		t.Fatal("a BSN was written after the permission was withdrawn")
	}

	for _, ev := range e.events() {
		for _, field := range []string{ev.ActorID, ev.TargetID, ev.OrgID, ev.Reason} {
			if strings.Contains(field, "111222333") || strings.Contains(field, "123456782") {
				t.Fatalf("a BSN in audit event %+v", ev)
			}
		}
	}
}
