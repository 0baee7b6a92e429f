package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/audit"
)

// TestEmployeePortal: an invited employee (role werknemer) reports
// themselves sick and recovered, and sees nothing else.
func TestEmployeePortal(t *testing.T) {
	e := newEnv(t)
	hr := e.browser()
	hr.login(claims())
	emp := registerEmployee(t, hr, "1", "Sanne de Vries") // email sanne@bakkerij.example

	me := e.browser()
	me.login(claims("sub", "user-sanne", "name", "Sanne de Vries", "email", "Sanne@Bakkerij.example", "roles", []string{"werknemer"}, "sid", "sid-sanne"))
	status, body := me.get("/me")
	if status != http.StatusOK {
		t.Fatalf("/me %d", status)
	}
	mustContain(t, body, "Mijn verzuim", "U bent aan het werk", "Ik meld mij ziek")
	for _, p := range []string{"/employees", "/employees/" + emp, "/statistics"} {
		if status, _ := me.get(p); status != http.StatusForbidden {
			t.Fatalf("%s for an employee: %d", p, status)
		}
	}
	if status, body, _ := me.post("/me/sick", url.Values{"first_sick_day": {today().AddDays(-30).String()}}); status != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "afgelopen twee weken") {
		t.Fatalf("sick a month ago: %d", status)
	}
	status, body, _ = me.post("/me/sick", url.Values{"first_sick_day": {today().AddDays(-1).String()}})
	if status != http.StatusOK {
		t.Fatalf("report sick: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "De ziekmelding is geregistreerd", "Ziek sinds "+today().AddDays(-1).Format("nl"), "Herstel melden")
	_, body = hr.get("/employees")
	mustContain(t, body, "Ziek sinds "+today().AddDays(-1).Format("nl"))
	cases, err := e.app.Store.CasesOfEmployee(context.Background(), emp)
	if err != nil || len(cases) != 1 {
		t.Fatalf("cases %v %v", cases, err)
	}
	if status, _ := me.get("/cases/" + cases[0].ID); status != http.StatusForbidden {
		t.Fatalf("the employee reads the dossier: %d", status)
	}
	status, body, _ = me.post("/me/recovery", url.Values{"kind": {"full"}, "on": {today().String()}})
	if status != http.StatusOK {
		t.Fatalf("report recovery: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "Het volledig herstel is geregistreerd", "U bent aan het werk", "hersteld per "+today().Format("nl"))
	if !e.hasEvent("absence.portal.view", emp, audit.OutcomeSuccess) {
		t.Error("portal view not audited")
	}

	// An employee whose address is not on record is not linked to anyone.
	stranger := e.browser()
	stranger.login(claims("sub", "user-x", "email", "x@bakkerij.example", "roles", []string{"werknemer"}, "sid", "sid-x"))
	_, body = stranger.get("/me")
	mustContain(t, body, "nog niet gekoppeld")
	mustNotContain(t, body, "Sanne")
	if status, _, _ := stranger.post("/me/sick", url.Values{"first_sick_day": {today().String()}}); status != http.StatusNotFound {
		t.Fatalf("unlinked sick report: %d", status)
	}
}

// TestBSNIsSealedAtRest: the BSN is checked, stored encrypted, shown masked,
// and in full only on the employer's edit form (of an employer allowed to
// record BSNs; see bsn_test.go for the others).
func TestBSNIsSealedAtRest(t *testing.T) {
	e := newEnv(t)
	hr := e.browser()
	hr.login(claims())
	if err := e.app.Store.SetBSNAllowed(context.Background(), "org-werkgever", true); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"personnel_number": {"7"}, "name": {"Piet Jansen"}, "birth_date": {"1970-01-01"},
		"contract_hours": {"40"}, "employment_start": {"2010-01-01"}, "bsn": {"123456789"}}
	if status, body, _ := hr.post("/employees", form); status != http.StatusUnprocessableEntity || !strings.Contains(body, "geen geldig burgerservicenummer") {
		t.Fatalf("invalid BSN: %d", status)
	}
	form.Set("bsn", "1112.22.333")
	status, body, resp := hr.post("/employees", form)
	if status != http.StatusOK {
		t.Fatalf("register: %d\n%s", status, excerpt(body))
	}
	emp := firstID(t, resp.Request.URL.Path, "MW")
	mustContain(t, body, "••••••333")
	mustNotContain(t, body, "111222333")
	var sealed string
	if err := e.app.DB.QueryRowContext(context.Background(), `SELECT bsn_sealed FROM absence_employees WHERE id = $1`, emp).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sealed, "v1.k1.") || strings.Contains(sealed, "111222333") {
		t.Fatalf("stored BSN %q", sealed)
	}
	_, body = hr.get("/employees/" + emp + "/edit")
	mustContain(t, body, `value="111222333"`)
	if !e.hasEvent("absence.employee.bsn_view", emp, audit.OutcomeSuccess) {
		t.Error("BSN view not audited")
	}
	// A sealed value copied to another employee does not open there.
	other := registerEmployee(t, hr, "8", "Kees Bakker")
	if _, err := e.app.DB.ExecContext(context.Background(), `UPDATE absence_employees SET bsn_sealed = $1 WHERE id = $2`, sealed, other); err != nil {
		t.Fatal(err)
	}
	if status, _ := hr.get("/employees/" + other); status != http.StatusInternalServerError {
		t.Fatalf("a swapped BSN opened: %d", status)
	}
}
