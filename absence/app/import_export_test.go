package app_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/audit"
)

// TestImportFileErrors: a bad file is refused with a clear message and
// nothing else happens.
func TestImportFileErrors(t *testing.T) {
	e, hr := employerEnv(t)
	big := impHeader + strings.Repeat("\n"+impLine("", "nieuw", "1", strings.Repeat("a", 190)), 12000)
	for _, tc := range []struct{ name, text, want string }{
		{"too large", big, "groter dan 2 MiB"},
		{"unknown column", impHeader + ";afdeling\n" + impLine("", "nieuw", "1", "A") + ";Bakkerij", "De kolom &#34;afdeling&#34; is onbekend"},
		{"missing columns", "naam;actie\nA;nieuw", "Deze kolommen ontbreken: ui_id, personeelsnummer"},
		{"too many lines", impHeader + strings.Repeat("\n"+impLine("", "nieuw", "1", "A"), 5001), "meer dan 5000 regels"},
		{"header only", impHeader, "alleen een kopregel"},
		{"not UTF-8", impHeader + "\n" + impLine("", "nieuw", "1", "J\xf6rg"), "geen UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := hr.upload(tc.text)
			if status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", status)
			}
			mustContain(t, body, tc.want, `enctype="multipart/form-data"`)
		})
	}
	resp, err := hr.c.PostForm(e.url+"/import", url.Values{"file": {"x"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "Kies een CSV-bestand") {
		t.Fatalf("no file: %d", resp.StatusCode)
	}
	if e.hasEvent("absence.import.check", "", audit.OutcomeSuccess) {
		t.Fatal("a refused file was checked")
	}
}

// TestExportImportRoundTrip: the export is the import format with UI-ids
// and actie update; edited and imported it updates, formula cells included.
func TestExportImportRoundTrip(t *testing.T) {
	e, hr := employerEnv(t)
	sanne := registerEmployee(t, hr, "1001", "Sanne de Vries")
	formula := registerEmployee(t, hr, "1002", "=SOM(A1;A2)")

	status, hdr, text := hr.download(http.MethodGet, "/employees/export.csv", nil)
	if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") || hdr.Get("Cache-Control") != "no-store" {
		t.Fatalf("export: %d %v", status, hdr)
	}
	if !strings.HasPrefix(text, "\ufeff"+expHeader+"\r\n") {
		t.Fatalf("export header: %q", text[:80])
	}
	mustContain(t, text, sanne+";update;1001;Sanne de Vries;12-04-1985;sanne@bakkerij.example;32,5;01-01-2020;",
		formula+`;update;1002;"'=SOM(A1;A2)";`)
	if !e.hasEvent("absence.employee.export", "org-werkgever", audit.OutcomeSuccess) {
		t.Error("export not audited")
	}
	if e.hasEvent("absence.employee.bsn_export", "", audit.OutcomeSuccess) {
		t.Error("an export without BSNs audited as a BSN export")
	}

	edited := strings.Replace(text, "Sanne de Vries", "Sanne Jansen", 1)
	status, body := hr.upload(edited)
	if status != http.StatusOK {
		t.Fatalf("upload of the export: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "Nieuwe medewerkers: 0", "Medewerkers die worden bijgewerkt: 2", "Afgekeurde regels: 0")
	if status, _, _ := hr.post("/import/confirm", url.Values{"token": {importToken(t, body)}}); status != http.StatusOK {
		t.Fatalf("confirm: %d", status)
	}
	names := e.employeeNames("org-werkgever")
	if names["1001"] != "Sanne Jansen" || names["1002"] != "=SOM(A1;A2)" || len(names) != 2 {
		t.Fatalf("after the round trip: %v", names)
	}
	if _, _, again := hr.download(http.MethodGet, "/employees/export.csv", nil); again != strings.Replace(text, "Sanne de Vries", "Sanne Jansen", 1) {
		t.Fatalf("the second export differs:\n%q\n%q", again, edited)
	}

	// Another employer's UI-id is "not known", like one that does not exist.
	other := e.browser()
	other.login(claims("sub", "user-other", "org", "org-werkgever-2", "sid", "sid-other"))
	_, body = other.upload(edited)
	mustContain(t, body, "Medewerkers die worden bijgewerkt: 0", "Afgekeurde regels: 2", "Dit UI-id is bij uw organisatie niet bekend.")
	mustNotContain(t, body, "Sanne")
}

// TestImportTemplate: the header of the format.
func TestImportTemplate(t *testing.T) {
	_, hr := employerEnv(t)
	status, hdr, text := hr.download(http.MethodGet, "/import/template.csv", nil)
	if status != http.StatusOK || text != "\ufeff"+expHeader+"\r\n" || !strings.Contains(hdr.Get("Content-Disposition"), "sjabloon") {
		t.Fatalf("template: %d %q %v", status, text, hdr)
	}
	// The template imports (as a file with no lines).
	if status, body := hr.upload(text); status != http.StatusUnprocessableEntity || !strings.Contains(body, "alleen een kopregel") {
		t.Fatalf("template upload: %d", status)
	}
}
