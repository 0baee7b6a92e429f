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
