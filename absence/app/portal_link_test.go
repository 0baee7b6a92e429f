package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/mijnaccount/mijnaccount/audit"
)

// werknemer returns the claims of an employee's login: role werknemer,
// verified email, and the birth date of the default claims (1985-04-12, the
// one registerEmployee records), changed by kv pairs.
func werknemer(sub string, kv ...any) map[string]any {
	return claims(append([]any{"sub", sub, "name", "Sanne de Vries", "email", "sanne@bakkerij.example",
		"roles", []string{"werknemer"}, "sid", "sid-" + sub}, kv...)...)
}

// portalLinked reports whether the browser's /me shows its own record.
func portalLinked(t *testing.T, b *browser) (bool, string) {
	t.Helper()
	status, body := b.get("/me")
	if status != http.StatusOK {
		t.Fatalf("/me %d\n%s", status, excerpt(body))
	}
	linked := strings.Contains(body, `id="portal-status"`)
	if linked == strings.Contains(body, "nog niet gekoppeld") {
		t.Fatalf("/me is neither clearly linked nor clearly not linked:\n%s", excerpt(body))
	}
	return linked, body
}

// linkEvents returns the absence.portal.linked events of actor.
func linkEvents(e *env, actor string) []audit.Event {
	var out []audit.Event
	for _, ev := range e.events() {
		if ev.Action == "absence.portal.linked" && ev.ActorID == actor {
			out = append(out, ev)
		}
	}
	return out
}

// TestPortalLinkIsStoredAndOutlivesAnEmailChange: at the first visit the
// login is linked by verified email and birth date, the link is stored and
// audited, and it holds after the employer changes the address.
func TestPortalLinkIsStoredAndOutlivesAnEmailChange(t *testing.T) {
	onEachBackend(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		hr := e.browser()
		hr.login(claims())
		emp := registerEmployee(t, hr, "1", "Sanne de Vries")
		_, body := hr.get("/employees/" + emp)
		mustContain(t, body, "Er is geen Mijn Account aan deze medewerker gekoppeld.")

		me := e.browser()
		me.login(werknemer("acct-1", "email", "SANNE@bakkerij.example"))
		if linked, body := portalLinked(t, me); !linked {
			t.Fatalf("not linked at the first visit:\n%s", excerpt(body))
		}
		l, err := e.app.Store.PortalLinkOf(ctx, e.iss.URL, "acct-1")
		if err != nil || l.EmployeeID != emp {
			t.Fatalf("stored link %+v %v", l, err)
		}
		events := linkEvents(e, "acct-1")
		if len(events) != 1 || events[0].Outcome != audit.OutcomeSuccess || events[0].TargetID != emp ||
			events[0].OrgID != "org-werkgever" || events[0].Reason != "" {
			t.Fatalf("link events %+v", events)
		}
		_, body = hr.get("/employees/" + emp)
		mustContain(t, body, "Een Mijn Account is aan deze medewerker gekoppeld sinds "+today().Format("nl"), "Koppeling verbreken")

		// The employer changes the address on record; the account keeps its
		// link, also in a new login with another address in its token.
		emp1, err := e.app.Store.GetEmployee(ctx, emp)
		if err != nil {
			t.Fatal(err)
		}
		emp1.Email = "s.devries@bakkerij.example"
		if _, err := e.app.Store.UpdateEmployee(ctx, emp1); err != nil {
			t.Fatal(err)
		}
		later := e.browser()
		later.login(werknemer("acct-1", "email", "sanne.prive@example.org", "sid", "sid-later"))
		if linked, body := portalLinked(t, later); !linked {
			t.Fatalf("the stored link was not used after the email change:\n%s", excerpt(body))
		}
		status, body, _ := later.post("/me/sick", url.Values{"first_sick_day": {today().String()}})
		if status != http.StatusOK || !strings.Contains(body, "De ziekmelding is geregistreerd") {
			t.Fatalf("sick report through the stored link: %d\n%s", status, excerpt(body))
		}
		if n := len(linkEvents(e, "acct-1")); n != 1 {
			t.Fatalf("%d link events; the stored link must not be made or audited again", n)
		}
		auditFreeOf(t, e, "sanne", "Sanne", "1985-04-12", "12-04-1985", "devries")
	})
}

// TestPortalRefusalsLookAlike: a birth date that does not match, an address
// that is not on record, a token without a birth date or with an address
// the provider did not verify all give the same "not linked" page, store no
// link, and are audited as denied with their own reason.
func TestPortalRefusalsLookAlike(t *testing.T) {
	e := newEnv(t)
	hr := e.browser()
	hr.login(claims())
	registerEmployee(t, hr, "1", "Sanne de Vries")
	cases := []struct {
		name   string
		claims map[string]any
		reason string
	}{
		{"another birth date", werknemer("user-a", "birthdate", "1985-04-13"), "birth_date_mismatch"},
		{"an address not on record", werknemer("user-b", "email", "onbekend@bakkerij.example"), "no_match"},
		{"no birth date in the token", werknemer("user-c", "birthdate", ""), "no_birth_date"},
		{"an unverified address", werknemer("user-d", "email_verified", false), "email_unverified"},
	}
	var pages []string
	for _, tc := range cases {
		b := e.browser()
		b.login(tc.claims)
		linked, body := portalLinked(t, b)
		if linked {
			t.Fatalf("%s: linked", tc.name)
		}
		mustNotContain(t, body, "geboortedatum komt niet", "e-mailadres komt niet", "meer dan één")
		pages = append(pages, mainOf(body))
		if status, _, _ := b.post("/me/sick", url.Values{"first_sick_day": {today().String()}}); status != http.StatusNotFound {
			t.Errorf("%s: a sick report without a link: %d", tc.name, status)
		}
		sub := tc.claims["sub"].(string)
		if _, err := e.app.Store.PortalLinkOf(context.Background(), e.iss.URL, sub); err == nil {
			t.Errorf("%s: a link was stored", tc.name)
		}
		events := linkEvents(e, sub)
		if len(events) == 0 {
			t.Fatalf("%s: the refusal is not audited", tc.name)
		}
		for _, ev := range events {
			if ev.Outcome != audit.OutcomeDenied || ev.Reason != tc.reason || ev.TargetID != "" {
				t.Errorf("%s: event %+v, want denied with reason %s and no target", tc.name, ev, tc.reason)
			}
		}
	}
	for i := 1; i < len(pages); i++ {
		if pages[i] != pages[0] {
			t.Errorf("the page for %q differs from the one for %q:\n%s\n----\n%s", cases[i].name, cases[0].name, pages[i], pages[0])
		}
	}
	auditFreeOf(t, e, "sanne", "1985-04-1", "onbekend")
}

// mainOf returns the page's <main> element.
func mainOf(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if i := strings.Index(body, "</main>"); i >= 0 {
		body = body[:i]
	}
	return body
}

// TestSecondAccountCannotTakeOverALinkedEmployee: a second login with the
// same address and birth date is refused while the first keeps its link;
// logins racing for one employee on both backends: exactly one wins.
func TestSecondAccountCannotTakeOverALinkedEmployee(t *testing.T) {
	onEachBackend(t, func(t *testing.T, e *env) {
		hr := e.browser()
		hr.login(claims())
		emp := registerEmployee(t, hr, "1", "Sanne de Vries")
		const n = 4
		browsers := make([]*browser, n)
		for i := range browsers {
			browsers[i] = e.browser()
			browsers[i].login(werknemer(fmt.Sprintf("user-%d", i)))
		}
		var wg sync.WaitGroup
		results := make([]int, n) // status of /me
		linked := make([]bool, n)
		for i, b := range browsers {
			wg.Go(func() {
				resp, err := b.c.Get(e.url + "/me")
				if err != nil {
					return
				}
				defer resp.Body.Close()
				body, _ := io.ReadAll(resp.Body)
				results[i], linked[i] = resp.StatusCode, strings.Contains(string(body), `id="portal-status"`)
			})
		}
		wg.Wait()
		winner := -1
		for i := range browsers {
			if results[i] != http.StatusOK {
				t.Fatalf("/me of login %d: %d", i, results[i])
			}
			if linked[i] {
				if winner >= 0 {
					t.Fatalf("logins %d and %d are both linked to the employee", winner, i)
				}
				winner = i
			}
		}
		if winner < 0 {
			t.Fatal("no login was linked")
		}
		l, err := e.app.Store.PortalLinkOfEmployee(context.Background(), emp)
		if err != nil || l.Subject != fmt.Sprintf("user-%d", winner) {
			t.Fatalf("stored link %+v %v, winner user-%d", l, err, winner)
		}
		for i := range browsers {
			if i == winner {
				continue
			}
			// Also at a later visit, the employee stays with the winner.
			if again, _ := portalLinked(t, browsers[i]); again {
				t.Fatalf("login %d took the employee over", i)
			}
			events := linkEvents(e, fmt.Sprintf("user-%d", i))
			if len(events) == 0 || events[len(events)-1].Outcome != audit.OutcomeDenied || events[len(events)-1].Reason != "taken" {
				t.Errorf("login %d: events %+v, want denied with reason taken", i, events)
			}
		}
	})
}

// TestEmployerUnlinksTheWrongPerson: the employer sees the link, corrects
// the address and ends the link with a reason; the wrong account is no
// longer linked, the reason is kept with the link but not in the audit
// trail, and only an employer's user with employee.edit may do it.
func TestEmployerUnlinksTheWrongPerson(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	hr := e.browser()
	hr.login(claims())
	emp := registerEmployee(t, hr, "1", "Sanne de Vries")
	wrong := e.browser()
	wrong.login(werknemer("user-wrong", "name", "Tweelingzus"))
	if linked, _ := portalLinked(t, wrong); !linked {
		t.Fatal("not linked")
	}

	// Others may not end the link, also not her leidinggevende.
	setManager(t, e, emp, "user-lead")
	lead := e.browser()
	lead.login(claims("sub", "user-lead", "roles", []string{"leidinggevende"}, "sid", "sid-lead"))
	_, body := lead.get("/employees/" + emp)
	mustContain(t, body, "Een Mijn Account is aan deze medewerker gekoppeld sinds")
	mustNotContain(t, body, "/portal-link")
	other := e.browser()
	other.login(claims("sub", "user-other-hr", "org", "org-ander", "org_name", "Ander BV", "customer", "org-ander", "sid", "sid-other"))
	arbo := e.browser()
	arbo.login(claims("sub", "user-arbo", "org", "org-arbo", "org_name", "Arbo", "domain", "arbodienst", "roles", []string{"casemanager"}, "sid", "sid-arbo"))
	for name, tc := range map[string]struct {
		b    *browser
		want int
	}{
		"a leidinggevende":            {lead, http.StatusForbidden},
		"the hr of another employer":  {other, http.StatusNotFound},
		"an arbodienst's casemanager": {arbo, http.StatusForbidden},
		"the linked employee":         {wrong, http.StatusForbidden},
	} {
		if status, _ := tc.b.get("/employees/" + emp + "/portal-link"); status != tc.want {
			t.Errorf("%s opens the unlink page: %d, want %d", name, status, tc.want)
		}
		if status, _, _ := tc.b.post("/employees/"+emp+"/portal-link/end", url.Values{"reason": {"poging"}}); status != tc.want {
			t.Errorf("%s unlinks: %d, want %d", name, status, tc.want)
		}
	}
	if _, err := e.app.Store.PortalLinkOfEmployee(ctx, emp); err != nil {
		t.Fatalf("the link was ended by someone without the right: %v", err)
	}

	status, body := hr.get("/employees/" + emp + "/portal-link")
	if status != http.StatusOK {
		t.Fatalf("unlink page %d", status)
	}
	mustContain(t, body, "Koppeling met Mijn Account verbreken", "Pas die dan eerst aan", `name="reason"`)
	status, body, _ = hr.post("/employees/"+emp+"/portal-link/end", url.Values{"reason": {"  "}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="unlink-reason-error"`) {
		t.Fatalf("unlink without a reason: %d\n%s", status, excerpt(body))
	}
	if _, err := e.app.Store.PortalLinkOfEmployee(ctx, emp); err != nil {
		t.Fatalf("the link ended without a reason: %v", err)
	}

	// The address was wrong: the employer corrects it, then unlinks.
	rec, _ := e.app.Store.GetEmployee(ctx, emp)
	rec.Email = "sanne.devries@bakkerij.example"
	if _, err := e.app.Store.UpdateEmployee(ctx, rec); err != nil {
		t.Fatal(err)
	}
	const reason = "Tweelingzus gekoppeld in plaats van Sanne"
	status, body, resp := hr.post("/employees/"+emp+"/portal-link/end", url.Values{"reason": {reason}})
	if status != http.StatusOK || resp.Request.URL.Path != "/employees/"+emp {
		t.Fatalf("unlink: %d %s\n%s", status, resp.Request.URL, excerpt(body))
	}
	mustContain(t, body, "De koppeling met Mijn Account is verbroken.", "Er is geen Mijn Account aan deze medewerker gekoppeld.")
	if linked, _ := portalLinked(t, wrong); linked {
		t.Fatal("the wrong person is still (or again) linked")
	}
	if status, _, _ := wrong.post("/me/sick", url.Values{"first_sick_day": {today().String()}}); status != http.StatusNotFound {
		t.Fatalf("the unlinked account reports sick: %d", status)
	}
	// A second post finds no link and says so.
	if status, body, _ := hr.post("/employees/"+emp+"/portal-link/end", url.Values{"reason": {reason}}); status != http.StatusConflict ||
		!strings.Contains(body, "geen gekoppeld account") {
		t.Fatalf("unlinking twice: %d\n%s", status, excerpt(body))
	}
	var kept string
	if err := e.app.DB.QueryRowContext(ctx, `SELECT unlink_reason FROM absence_portal_links WHERE employee_id = $1`, emp).Scan(&kept); err != nil || kept == "" || strings.Contains(kept, reason) || !strings.HasPrefix(kept, "v1.") {
		t.Fatalf("the reason kept with the link, sealed: %q %v", kept, err)
	}
	if !e.hasEvent("absence.portal.unlinked", emp, audit.OutcomeSuccess) {
		t.Error("the unlink is not audited")
	}
	for _, ev := range e.events() {
		if ev.Action == "absence.portal.unlinked" && (ev.ActorID != "user-hr" || ev.Reason != "" || ev.OrgID != "org-werkgever") {
			t.Errorf("unlink event %+v", ev)
		}
	}
	auditFreeOf(t, e, reason, "Tweeling", "Sanne", "sanne", "1985-04-12")

	// The right person, with the corrected address, is linked now.
	right := e.browser()
	right.login(werknemer("user-right", "email", "sanne.devries@bakkerij.example"))
	if linked, _ := portalLinked(t, right); !linked {
		t.Fatal("the right person is not linked after the correction")
	}
	if l, err := e.app.Store.PortalLinkOfEmployee(ctx, emp); err != nil || l.Subject != "user-right" {
		t.Fatalf("link %+v %v", l, err)
	}
}

// TestStoredLinkServesOnlyItsEmployer: a login whose token now names another
// employer does not reach the employee it was linked to at the first one.
func TestStoredLinkServesOnlyItsEmployer(t *testing.T) {
	e := newEnv(t)
	hr := e.browser()
	hr.login(claims())
	registerEmployee(t, hr, "1", "Sanne de Vries")
	first := e.browser()
	first.login(werknemer("acct-9"))
	if linked, _ := portalLinked(t, first); !linked {
		t.Fatal("not linked")
	}
	moved := e.browser()
	moved.login(werknemer("acct-9", "org", "org-ander", "org_name", "Ander BV", "customer", "org-ander", "sid", "sid-moved"))
	if linked, body := portalLinked(t, moved); linked {
		t.Fatalf("the link of another employer was used:\n%s", excerpt(body))
	}
	events := linkEvents(e, "acct-9")
	if last := events[len(events)-1]; last.Outcome != audit.OutcomeDenied || last.Reason != "other_employer" || last.OrgID != "org-ander" {
		t.Fatalf("event %+v", last)
	}
}
