package app_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
)

// leidinggevende logs a browser in as a leidinggevende (user-lg) of the
// default employer, with roles.
func leidinggevende(e *env, roles ...string) *browser {
	b := e.browser()
	if len(roles) == 0 {
		roles = []string{"leidinggevende"}
	}
	b.login(claims("sub", "user-lg", "name", "Lotte Leiding", "email", "lotte@bakkerij.example", "roles", roles, "sid", "sid-lg"))
	return b
}

// setManager puts employee id in the team of subject, through the store.
func setManager(t *testing.T, e *env, id, subject string) {
	t.Helper()
	ctx := context.Background()
	emp, err := e.app.Store.GetEmployee(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	emp.ManagerSub = subject
	if _, err := e.app.Store.UpdateEmployee(ctx, emp); err != nil {
		t.Fatal(err)
	}
}

// TestLeidinggevendeSeesOnlyTheTeam: a leidinggevende sees the employees of
// their own team and their absences, and nothing of anyone else: not in the
// list, not the employee page, not the dossier, and no report or change
// about them; hr, and a leidinggevende who is also hr, see everyone.
func TestLeidinggevendeSeesOnlyTheTeam(t *testing.T) {
	onEachBackend(t, func(t *testing.T, e *env) {
		hr := e.browser()
		hr.login(claims())
		mine := registerEmployee(t, hr, "1", "Sanne de Vries")
		other := registerEmployee(t, hr, "2", "Kees Bakker")
		none := registerEmployee(t, hr, "3", "Ali Yilmaz")
		setManager(t, e, mine, "user-lg")
		setManager(t, e, other, "user-other-lg")
		myCase := reportSick(t, hr, mine, today().AddDays(-20), "Griep")
		otherCase := reportSick(t, hr, other, today().AddDays(-20), "Griep")

		lg := leidinggevende(e)
		status, body := lg.get("/employees")
		if status != http.StatusOK {
			t.Fatalf("/employees: %d", status)
		}
		mustContain(t, body, "Sanne de Vries")
		mustNotContain(t, body, "Kees Bakker", "Ali Yilmaz", other, none)
		for _, p := range []string{"/employees/" + mine, "/cases/" + myCase} {
			if status, _ := lg.get(p); status != http.StatusOK {
				t.Fatalf("%s in the team: %d", p, status)
			}
		}
		for _, p := range []string{"/employees/" + other, "/employees/" + none, "/cases/" + otherCase, "/employees/" + none + "/sick"} {
			if status, body := lg.get(p); status != http.StatusNotFound {
				t.Fatalf("%s outside the team: %d\n%s", p, status, excerpt(body))
			}
		}
		for _, post := range []struct {
			path string
			form url.Values
		}{
			{"/employees/" + none + "/sick", url.Values{"first_sick_day": {today().String()}}},
			{"/cases/" + otherCase + "/recovery", url.Values{"on": {today().String()}, "percentage": {"100"}}},
			{"/cases/" + otherCase + "/steps/probleemanalyse", url.Values{"done_on": {today().String()}}},
			{"/cases/" + otherCase + "/corrections/case", url.Values{"first_sick_day": {today().String()}, "reason": {"x"}}},
		} {
			if status, body, _ := lg.post(post.path, post.form); status != http.StatusNotFound {
				t.Fatalf("POST %s outside the team: %d\n%s", post.path, status, excerpt(body))
			}
		}
		if status, _ := lg.get("/employees/export.csv"); status != http.StatusForbidden {
			t.Fatalf("export for a leidinggevende: %d", status)
		}
		// hr, and a leidinggevende who is also hr, see everyone.
		both := leidinggevende(e, "leidinggevende", "hr")
		for _, b := range []*browser{hr, both} {
			_, body := b.get("/employees")
			mustContain(t, body, "Sanne de Vries", "Kees Bakker", "Ali Yilmaz")
		}
	})
}

// TestTeamByFormAndImport: a leidinggevende who logged in once can be
// chosen on the employee form and named in the import by email address;
// the export writes the address and imports back unchanged; a
// leidinggevende unknown to the employer is refused in both.
func TestTeamByFormAndImport(t *testing.T) {
	onEachBackend(t, func(t *testing.T, e *env) {
		hr := e.browser()
		hr.login(claims())
		sanne := registerEmployee(t, hr, "1", "Sanne de Vries")
		kees := registerEmployee(t, hr, "2", "Kees Bakker")
		_, body := hr.get("/employees/" + sanne + "/edit")
		mustNotContain(t, body, "Lotte Leiding")

		lg := leidinggevende(e) // the first login makes Lotte a choice
		_, body = lg.get("/employees")
		mustContain(t, body, "U ziet alleen de medewerkers van wie u leidinggevende bent.")
		mustNotContain(t, body, "Sanne de Vries", "Kees Bakker")

		_, body = hr.get("/employees/" + sanne + "/edit")
		mustContain(t, body, `<option value="user-lg">Lotte Leiding (lotte@bakkerij.example)</option>`)
		form := url.Values{"personnel_number": {"1"}, "name": {"Sanne de Vries"}, "birth_date": {"1985-04-12"},
			"contract_hours": {"32,5"}, "employment_start": {"2020-01-01"}, "manager": {"user-someone"}}
		if status, body, _ := hr.post("/employees/"+sanne, form); status != http.StatusUnprocessableEntity {
			t.Fatalf("an unknown leidinggevende: %d\n%s", status, excerpt(body))
		}
		form.Set("manager", "user-lg")
		if status, body, _ := hr.post("/employees/"+sanne, form); status != http.StatusOK {
			t.Fatalf("set the leidinggevende: %d\n%s", status, excerpt(body))
		}
		_, body = hr.get("/employees/" + sanne)
		mustContain(t, body, `<dd id="manager">Lotte Leiding</dd>`)
		_, body = lg.get("/employees")
		mustContain(t, body, "Sanne de Vries")
		mustNotContain(t, body, "Kees Bakker")

		// The import puts Kees in Lotte's team by her email address, in any case.
		status, body := hr.upload(expHeader + "\n" + impLine(kees, "update", "2", "Kees Bakker") + ";LOTTE@bakkerij.example\n" +
			impLine("", "nieuw", "3", "Ali Yilmaz") + ";onbekend@bakkerij.example")
		if status != http.StatusOK {
			t.Fatalf("upload: %d\n%s", status, excerpt(body))
		}
		mustContain(t, body, "Er is geen leidinggevende met dit e-mailadres die al eens heeft ingelogd.")
		if got := rejectedLines(body); got != "3" {
			t.Fatalf("rejected lines %s", got)
		}
		if status, body, _ := hr.post("/import/confirm", url.Values{"token": {importToken(t, body)}}); status != http.StatusOK {
			t.Fatalf("confirm: %d\n%s", status, excerpt(body))
		}
		_, body = lg.get("/employees")
		mustContain(t, body, "Sanne de Vries", "Kees Bakker")

		// Export → import keeps the team; a sheet without the column keeps it too.
		_, _, text := hr.download(http.MethodGet, "/employees/export.csv", nil)
		mustContain(t, text, expHeader+"\r\n", kees+";update;2;Kees Bakker;12-04-1985;;32,5;01-01-2020;;lotte@bakkerij.example\r\n")
		status, body = hr.upload(text)
		if status != http.StatusOK || rejectedLines(body) != "" {
			t.Fatalf("re-import: %d %s\n%s", status, rejectedLines(body), excerpt(body))
		}
		if status, _, _ := hr.post("/import/confirm", url.Values{"token": {importToken(t, body)}}); status != http.StatusOK {
			t.Fatalf("confirm: %d", status)
		}
		_, body = hr.upload(impHeader + "\n" + impLine(kees, "update", "2", "Kees Bakker"))
		if status, _, _ := hr.post("/import/confirm", url.Values{"token": {importToken(t, body)}}); status != http.StatusOK {
			t.Fatalf("confirm: %d", status)
		}
		for _, id := range []string{sanne, kees} {
			if emp, err := e.app.Store.GetEmployee(context.Background(), id); err != nil || emp.ManagerSub != "user-lg" {
				t.Fatalf("%s: %+v %v", id, emp, err)
			}
		}
		// An empty cell takes Kees out of the team.
		_, body = hr.upload(expHeader + "\n" + impLine(kees, "update", "2", "Kees Bakker") + ";")
		if status, _, _ := hr.post("/import/confirm", url.Values{"token": {importToken(t, body)}}); status != http.StatusOK {
			t.Fatalf("confirm: %d", status)
		}
		_, body = lg.get("/employees")
		mustContain(t, body, "Sanne de Vries")
		mustNotContain(t, body, "Kees Bakker")

		// Lotte logs in without the role: no longer a choice; Sanne keeps her
		// leidinggevende, shown as one who no longer holds the role.
		e.browser().login(claims("sub", "user-lg", "name", "Lotte Leiding", "roles", []string{"hr"}, "sid", "sid-lg2"))
		_, body = hr.get("/employees/" + sanne + "/edit")
		mustContain(t, body, `<option value="user-lg" selected>Huidige leidinggevende (heeft de rol niet meer)</option>`)
		mustNotContain(t, body, "Lotte Leiding (")
	})
}

// TestManagerEmailOnlyWhenVerified: a leidinggevende whose email address
// the provider did not verify is a choice on the form, but the import cannot
// name them by that address (someone could claim a colleague's).
func TestManagerEmailOnlyWhenVerified(t *testing.T) {
	e := newEnv(t)
	e.browser().login(claims("sub", "user-lg2", "name", "Niet Bevestigd", "email", "lotte@bakkerij.example", "email_verified", false,
		"roles", []string{"leidinggevende"}, "sid", "sid-lg2"))
	ms, err := e.app.Store.Managers(context.Background(), "org-werkgever")
	if err != nil || len(ms) != 1 || ms[0].Subject != "user-lg2" || ms[0].Email != "" {
		t.Fatalf("Managers: %+v %v", ms, err)
	}
}

// TestLeidinggevendeSearchesOnlyTheTeam: the BSN search of an employer
// allowed to record BSNs finds only the leidinggevende's own team.
func TestLeidinggevendeSearchesOnlyTheTeam(t *testing.T) {
	e, hr := employerEnv(t)
	e.allowBSN(true)
	form := url.Values{"personnel_number": {"7"}, "name": {"Piet Jansen"}, "birth_date": {"1970-01-01"},
		"contract_hours": {"40"}, "employment_start": {"2010-01-01"}, "bsn": {"123456782"}}
	if status, body, _ := hr.post("/employees", form); status != http.StatusOK {
		t.Fatalf("register: %d\n%s", status, excerpt(body))
	}
	lg := leidinggevende(e)
	status, body, _ := lg.post("/employees/bsn", url.Values{"bsn": {"123456782"}})
	if status != http.StatusOK {
		t.Fatalf("search: %d", status)
	}
	mustNotContain(t, body, "Piet Jansen")
	_, body, _ = hr.post("/employees/bsn", url.Values{"bsn": {"123456782"}})
	mustContain(t, body, "Piet Jansen")
}
