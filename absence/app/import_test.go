package app_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/audit"
)

// TestImportTheFourSituations: upload → preview (nothing written) →
// confirm → the accepted lines are written, each situation as the notice
// describes; the rejected lines download with their reasons. It runs on
// SQLite with the memory store and on PostgreSQL with Redis.
func TestImportTheFourSituations(t *testing.T) {
	onEachBackend(t, importFourSituations)
}

func importFourSituations(t *testing.T, e *env) {
	hr := e.browser()
	hr.login(claims())
	sanne := registerEmployee(t, hr, "1001", "Sanne de Vries")
	piet := registerEmployee(t, hr, "1005", "Piet Jansen")

	status, body := hr.get("/import")
	if status != http.StatusOK {
		t.Fatalf("/import: %d", status)
	}
	mustContain(t, body, "Medewerkers importeren", `href="/import/template.csv"`, `href="/employees/export.csv"`,
		`enctype="multipart/form-data"`, "De regel valt uit: de medewerker bestaat al.", "<code>personeelsnummer</code>",
		`aria-current="page">Importeren</a>`)
	mustNotContain(t, body, "<code>bsn</code>")

	file := strings.Join([]string{impHeader,
		impLine(sanne, "update", "1001", "Sanne Jansen"),    // line 2: overwritten
		impLine(piet, "nieuw", "1009", "Piet Dubbel"),       // line 3: exists
		impLine("", "update", "1002", "Kees Onbekend"),      // line 4: not known yet
		impLine("", "nieuw", "1003", "Kees Bakker"),         // line 5: created
		impLine("", "nieuw", "", "Zonder Nummer"),           // line 6: invalid
		impLine("MW-ZZZZZZZZ", "update", "1004", "Niemand"), // line 7: unknown UI-id
	}, "\n")
	status, body = hr.upload(file)
	if status != http.StatusOK {
		t.Fatalf("upload: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "Controle van het bestand", "Nieuwe medewerkers: 1", "Medewerkers die worden bijgewerkt: 1",
		"Afgekeurde regels: 4", "Er is nog niets opgeslagen", "De medewerker bestaat al.", "De medewerker is nog niet bekend.",
		"Dit veld is verplicht.", "Dit UI-id is bij uw organisatie niet bekend.")
	if got := rejectedLines(body); got != "3,4,6,7" {
		t.Fatalf("rejected lines %s", got)
	}
	token := importToken(t, body)
	// Nothing is written before the confirmation.
	if names := e.employeeNames("org-werkgever"); len(names) != 2 || names["1001"] != "Sanne de Vries" {
		t.Fatalf("written before the confirmation: %v", names)
	}
	if !e.hasEvent("absence.import.check", "org-werkgever", audit.OutcomeSuccess) {
		t.Error("check not audited")
	}

	// The rejected lines as CSV, with the reason, ready to correct.
	status, hdr, csvText := hr.download(http.MethodPost, "/import/rejected.csv", url.Values{"token": {token}})
	if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") || !strings.Contains(hdr.Get("Content-Disposition"), "attachment") {
		t.Fatalf("rejected download: %d %v", status, hdr)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvText, "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil || len(rows) != 5 || rows[0][len(rows[0])-1] != "reden" || rows[1][3] != "Piet Dubbel" ||
		!strings.Contains(rows[1][len(rows[1])-1], "ui_id: De medewerker bestaat al.") ||
		!strings.Contains(rows[3][len(rows[3])-1], "personeelsnummer: Dit veld is verplicht.") {
		t.Fatalf("rejected lines CSV %q (%v)", csvText, err)
	}

	status, body, _ = hr.post("/import/confirm", url.Values{"token": {token}})
	if status != http.StatusOK {
		t.Fatalf("confirm: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "Import verwerkt", "Nieuwe medewerkers aangemaakt: 1", "Medewerkers bijgewerkt: 1", "Afgekeurde regels: 4")
	if status, _, _ := hr.post("/import/confirm", url.Values{"token": {token}}); status != http.StatusConflict {
		t.Fatalf("replayed confirmation: %d", status)
	}
	names := e.employeeNames("org-werkgever")
	if len(names) != 3 || names["1001"] != "Sanne Jansen" || names["1005"] != "Piet Jansen" || names["1003"] != "Kees Bakker" {
		t.Fatalf("after the import: %v", names)
	}
	got, err := e.app.Store.GetEmployee(context.Background(), sanne)
	if err != nil || got.ContractMinutes != 1950 || got.Email != "" {
		t.Fatalf("the update did not overwrite: %+v %v", got, err)
	}
	// The result page downloads the same rejected lines; its token confirms
	// nothing.
	result := importToken(t, body)
	if status, _, _ := hr.post("/import/confirm", url.Values{"token": {result}}); status != http.StatusConflict {
		t.Fatalf("confirmation with the result's token: %d", status)
	}
	status, _, csvText = hr.download(http.MethodPost, "/import/rejected.csv", url.Values{"token": {result}})
	if status != http.StatusOK || strings.Count(csvText, "\r\n") != 5 {
		t.Fatalf("rejected lines after the import: %d %q", status, csvText)
	}

	created := ""
	for _, ev := range e.events() {
		if ev.Action == "absence.employee.create" {
			created = ev.TargetID
		}
		for _, field := range []string{ev.ActorID, ev.TargetID, ev.OrgID, ev.Reason} {
			if strings.Contains(field, "Kees") || strings.Contains(field, "Sanne") || strings.Contains(field, "1985") {
				t.Fatalf("personal data in audit event %+v", ev)
			}
		}
	}
	for _, want := range []struct{ action, target string }{
		{"absence.import.apply", "org-werkgever"}, {"absence.employee.update", sanne}, {"absence.employee.create", created},
		{"absence.import.rejected_export", "org-werkgever"},
	} {
		if want.target == "" || !e.hasEvent(want.action, want.target, audit.OutcomeSuccess) {
			t.Errorf("no audit event %s on %q", want.action, want.target)
		}
	}
	if report, err := e.app.Audit.Verify(context.Background()); err != nil || !report.OK {
		t.Fatalf("audit chain: %+v %v", report, err)
	}
}

// TestImportTokenIsSingleUseAndBound: a replayed token, another user's, and
// an expired one are refused, and write nothing.
func TestImportTokenIsSingleUseAndBound(t *testing.T) {
	clock := &impClock{t: time.Now()}
	e := newClockEnv(t, clock)
	hr := e.browser()
	hr.login(claims())
	colleague := e.browser()
	colleague.login(claims("sub", "user-hr-2", "sid", "sid-2"))
	otherOrg := e.browser()
	otherOrg.login(claims("sub", "user-other", "org", "org-werkgever-2", "sid", "sid-3"))

	_, body := hr.upload(impHeader + "\n" + impLine("", "nieuw", "1", "Eerste"))
	token := importToken(t, body)
	for name, b := range map[string]*browser{"a colleague": colleague, "another employer": otherOrg} {
		status, body, _ := b.post("/import/confirm", url.Values{"token": {token}})
		if status != http.StatusConflict || !strings.Contains(body, "verlopen of al gebruikt") {
			t.Fatalf("confirm by %s: %d", name, status)
		}
		if status, _, _ := b.download(http.MethodPost, "/import/rejected.csv", url.Values{"token": {token}}); status != http.StatusConflict {
			t.Fatalf("download by %s: %d", name, status)
		}
	}
	if len(e.employeeNames("org-werkgever"))+len(e.employeeNames("org-werkgever-2")) != 0 {
		t.Fatal("written by a refused confirmation")
	}
	// The owner's token survived the attempts; it works once.
	if status, body, _ := hr.post("/import/confirm", url.Values{"token": {token}}); status != http.StatusOK || !strings.Contains(body, "aangemaakt: 1") {
		t.Fatalf("confirm: %d", status)
	}
	if status, _, _ := hr.post("/import/confirm", url.Values{"token": {token}}); status != http.StatusConflict {
		t.Fatalf("replayed confirm: %d", status)
	}
	for _, bad := range []string{"", "x", strings.Repeat("A", 26)} {
		if status, _, _ := hr.post("/import/confirm", url.Values{"token": {bad}}); status != http.StatusConflict {
			t.Fatalf("token %q: %d", bad, status)
		}
	}
	if !e.hasEvent("absence.import.apply", "org-werkgever", audit.OutcomeDenied) {
		t.Error("refused confirmation not audited")
	}

	// A checked upload expires.
	_, body = hr.upload(impHeader + "\n" + impLine("", "nieuw", "2", "Tweede"))
	token = importToken(t, body)
	clock.advance(16 * time.Minute)
	if status, _, _ := hr.post("/import/confirm", url.Values{"token": {token}}); status != http.StatusConflict {
		t.Fatalf("expired token: %d", status)
	}
	if names := e.employeeNames("org-werkgever"); len(names) != 1 {
		t.Fatalf("after the refusals: %v", names)
	}
}

// TestImportOnlyRejectedLinesWritesNothing.
func TestImportOnlyRejectedLinesWritesNothing(t *testing.T) {
	e, hr := employerEnv(t)
	registerEmployee(t, hr, "1001", "Sanne de Vries")
	status, body := hr.upload(impHeader + "\n" + impLine("", "update", "1001", "Sanne") + "\n" + impLine("", "nieuw", "1001", "Dubbel"))
	if status != http.StatusOK {
		t.Fatalf("upload: %d", status)
	}
	mustContain(t, body, "Er is niets om te importeren", "Afgekeurde regels: 2", "al in gebruik bij een andere medewerker")
	mustNotContain(t, body, `action="/import/confirm"`)
	status, body, _ = hr.post("/import/confirm", url.Values{"token": {importToken(t, body)}})
	if status != http.StatusOK || !strings.Contains(body, "aangemaakt: 0") {
		t.Fatalf("confirm of a rejected-only file: %d", status)
	}
	if names := e.employeeNames("org-werkgever"); len(names) != 1 || names["1001"] != "Sanne de Vries" {
		t.Fatalf("written: %v", names)
	}
}

// TestImportRechecksAtConfirmation: a personnel number taken and an
// employee deleted between the check and the confirmation reject those
// lines; the others are written.
func TestImportRechecksAtConfirmation(t *testing.T) {
	e, hr := employerEnv(t)
	gone := registerEmployee(t, hr, "1001", "Sanne de Vries")
	kept := registerEmployee(t, hr, "1002", "Kees Bakker")
	_, body := hr.upload(strings.Join([]string{impHeader,
		impLine(gone, "update", "1001", "Sanne Jansen"),
		impLine("", "nieuw", "2001", "Nieuw Een"),
		impLine("", "nieuw", "2002", "Nieuw Twee"),
		impLine(kept, "update", "1002", "Kees de Bakker"),
	}, "\n"))
	mustContain(t, body, "Nieuwe medewerkers: 2", "Medewerkers die worden bijgewerkt: 2")
	token := importToken(t, body)
	if _, err := e.app.DB.ExecContext(context.Background(), `DELETE FROM absence_employees WHERE id = $1`, gone); err != nil {
		t.Fatal(err)
	}
	registerEmployee(t, hr, "2001", "Snel Ertussen")

	status, body, _ := hr.post("/import/confirm", url.Values{"token": {token}})
	if status != http.StatusOK {
		t.Fatalf("confirm: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "aangemaakt: 1", "bijgewerkt: 1", "Afgekeurde regels: 2", "De medewerker bestaat niet meer.",
		"al in gebruik bij een andere medewerker")
	if got := rejectedLines(body); got != "2,3" {
		t.Fatalf("rejected lines %s", got)
	}
	names := e.employeeNames("org-werkgever")
	if len(names) != 3 || names["2001"] != "Snel Ertussen" || names["2002"] != "Nieuw Twee" || names["1002"] != "Kees de Bakker" {
		t.Fatalf("after the import: %v", names)
	}
}

// TestImportRights: hr and contactpersoon import; a leidinggevende and the
// other domains cannot, and see no link.
func TestImportRights(t *testing.T) {
	e := newEnv(t)
	for _, role := range []string{"hr", "contactpersoon"} {
		b := e.browser()
		b.login(claims("sub", "user-"+role, "roles", []string{role}, "sid", "sid-"+role))
		if status, body := b.get("/import"); status != http.StatusOK || !strings.Contains(body, `href="/import"`) {
			t.Fatalf("%s /import: %d", role, status)
		}
		if status, _, _ := b.download(http.MethodGet, "/employees/export.csv", nil); status != http.StatusOK {
			t.Fatalf("%s export: %d", role, status)
		}
	}
	for _, c := range []map[string]any{
		claims("sub", "user-lg", "roles", []string{"leidinggevende"}, "sid", "sid-lg"),
		claims("sub", "user-arbo", "org", "org-arbo", "domain", "arbodienst", "roles", []string{"casemanager"}, "sid", "sid-arbo"),
		claims("sub", "user-arts", "org", "org-arts", "domain", "bedrijfsarts", "roles", []string{"bedrijfsarts"}, "sid", "sid-arts"),
		claims("sub", "user-vz", "org", "org-vz", "domain", "verzekeraar", "roles", []string{"schadebehandelaar"}, "sid", "sid-vz"),
	} {
		b := e.browser()
		b.login(c)
		who := c["sub"].(string)
		for _, path := range []string{"/import", "/import/template.csv", "/employees/export.csv"} {
			if status, _ := b.get(path); status != http.StatusForbidden {
				t.Errorf("%s GET %s: %d", who, path, status)
			}
		}
		if status, _ := b.upload(impHeader + "\n" + impLine("", "nieuw", "1", "X")); status != http.StatusForbidden {
			t.Errorf("%s upload: %d", who, status)
		}
		for _, path := range []string{"/import/confirm", "/import/rejected.csv"} {
			if status, _, _ := b.post(path, url.Values{"token": {"AAAAAAAAAAAAAAAAAAAAAAAAAA"}}); status != http.StatusForbidden {
				t.Errorf("%s POST %s: %d", who, path, status)
			}
		}
		if _, body := b.get("/"); strings.Contains(body, `href="/import"`) {
			t.Errorf("%s sees the import link", who)
		}
	}
}
