package app_test

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/helpdesk"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/config"
)

const (
	roleHelpdesk = "platform/helpdesk"
	roleOrgAdmin = "platform/org-admin"
	platformOrg  = "platform-helpdesk"
)

// hdWorld is a product with a platform organisation, an arbodienst with an
// employer below it, and a second arbodienst with an employer of its own.
type hdWorld struct {
	env                                 *apptest.Env
	platform, arbo, employer, arbo2, e2 account.Org
}

func newHDWorld(t *testing.T, backend string, mutate ...func(*account.Org)) hdWorld {
	t.Helper()
	env := apptest.New(t, backend, func(c *config.Config) { c.Helpdesk.PlatformOrgIDs = []string{platformOrg} })
	w := hdWorld{env: env}
	w.platform = env.Org(t, "Mijn Account Servicedesk", account.Arbodienst, func(o *account.Org) { o.ID = platformOrg })
	w.arbo = env.Org(t, "Arbo Noord", account.Arbodienst)
	w.employer = env.Org(t, "Bakkerij Noord", account.Werkgever, append([]func(*account.Org){func(o *account.Org) { o.ParentID = w.arbo.ID }}, mutate...)...)
	w.arbo2 = env.Org(t, "Arbo Zuid", account.Arbodienst)
	w.e2 = env.Org(t, "Bakkerij Zuid", account.Werkgever, func(o *account.Org) { o.ParentID = w.arbo2.ID })
	return w
}

// loggedIn creates a user with an authenticator app in org and logs them in.
func (w hdWorld) loggedIn(t *testing.T, org account.Org, email string, roles ...string) (account.User, *apptest.Browser) {
	t.Helper()
	u := w.env.User(t, org, email, goodPassword, roles...)
	b := w.env.Browser(t)
	if p := b.Login(email, goodPassword); p.URL.Path != "/account" {
		t.Fatalf("login of %s ends on %s", email, p.URL)
	}
	return u, b
}

// act posts an action with a reason (and ticket) for user id.
func act(b *apptest.Browser, id string, a helpdesk.Action, reason, ticket string, extra ...string) *apptest.Page {
	form := url.Values{"reason": {reason}, "ticket": {ticket}}
	for i := 0; i+1 < len(extra); i += 2 {
		form.Set(extra[i], extra[i+1])
	}
	return b.Post("/helpdesk/users/"+id+"/"+string(a), form)
}

var requestIDRE = regexp.MustCompile(`(?i)code [a-z0-9._:-]+`)

// sameNotFound fails unless both pages are the same 404, request ids and
// the ids asked for (in the language links) aside.
func sameNotFound(t *testing.T, what string, a, b *apptest.Page, ids ...string) {
	t.Helper()
	if a.Status != 404 || b.Status != 404 {
		t.Fatalf("%s: status %d and %d, want 404 for both", what, a.Status, b.Status)
	}
	norm := func(s string) string {
		for _, id := range ids {
			s = strings.ReplaceAll(s, id, "ID")
		}
		return requestIDRE.ReplaceAllString(s, "")
	}
	if norm(a.Body) != norm(b.Body) {
		t.Fatalf("%s: the two 404 pages differ:\n%s\n----\n%s", what, a.Body, b.Body)
	}
}

// auditEvents returns every event of the audit trail.
func auditEvents(t *testing.T, env *apptest.Env) []audit.Event {
	t.Helper()
	var out []audit.Event
	err := audit.NewSQLStore(env.App.AuditDB).Iterate(context.Background(), time.Time{}, func(e audit.Event) error {
		out = append(out, e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// findEvent returns the newest event with action on target, or fails.
func findEvent(t *testing.T, env *apptest.Env, action, targetID string) audit.Event {
	t.Helper()
	var found *audit.Event
	for _, e := range auditEvents(t, env) {
		if e.Action == action && e.TargetID == targetID {
			found = &e
		}
	}
	if found == nil {
		t.Fatalf("no audit event %s on %s", action, targetID)
	}
	return *found
}

// noPersonalData fails when any audit event holds one of the strings.
func noPersonalData(t *testing.T, env *apptest.Env, secrets ...string) {
	t.Helper()
	for _, e := range auditEvents(t, env) {
		all := strings.Join([]string{e.ActorID, e.Action, e.TargetType, e.TargetID, e.OrgID, e.Reason, e.RequestID}, " ")
		for _, s := range secrets {
			if strings.Contains(strings.ToLower(all), strings.ToLower(s)) {
				t.Fatalf("audit event %s holds %q: %+v", e.Action, s, e)
			}
		}
	}
}

func TestHelpdeskScope(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			w := newHDWorld(t, backend)
			worker := w.env.User(t, w.employer, "medewerker@noord.example", goodPassword)
			south := w.env.User(t, w.e2, "medewerker@zuid.example", goodPassword)
			_, arboDesk := w.loggedIn(t, w.arbo, "helpdesk@arbo-noord.example", roleHelpdesk)
			_, platDesk := w.loggedIn(t, w.platform, "helpdesk@platform.example", roleHelpdesk)
			_, plain := w.loggedIn(t, w.employer, "gewoon@noord.example")

			// An arbodienst's helpdesk sees the employer below it.
			p := arboDesk.Get("/helpdesk/users/" + worker.ID)
			if p.Status != 200 || !strings.Contains(p.Body, worker.Email) || !strings.Contains(p.Body, "Authenticator-app") {
				t.Fatalf("arbo helpdesk on its employer's user: %d\n%s", p.Status, p.Body)
			}
			p = arboDesk.Post("/helpdesk/search", url.Values{"q": {strings.ToUpper(worker.Email)}})
			if p.URL.Path != "/helpdesk/users/"+worker.ID {
				t.Fatalf("search by email (any case) ends on %s", p.URL)
			}
			// Another arbodienst's user is answered like a user that does not exist.
			sameNotFound(t, "page", arboDesk.Get("/helpdesk/users/"+south.ID), arboDesk.Get("/helpdesk/users/nobody-at-all"), south.ID, "nobody-at-all")
			sameNotFound(t, "search", arboDesk.Post("/helpdesk/search", url.Values{"q": {south.Email}}),
				arboDesk.Post("/helpdesk/search", url.Values{"q": {"niemand@zuid.example"}}), south.Email, "niemand@zuid.example")
			sameNotFound(t, "action", act(arboDesk, south.ID, helpdesk.RevokeSessions, "verzoek", ""),
				act(arboDesk, "nobody-at-all", helpdesk.RevokeSessions, "verzoek", ""), south.ID, "nobody-at-all")
			if denied := findEvent(t, w.env, "helpdesk.user_viewed", south.ID); denied.Outcome != audit.OutcomeDenied {
				t.Fatalf("out-of-scope look-up audited as %s", denied.Outcome)
			}
			// The platform helpdesk sees every organisation.
			for _, u := range []account.User{worker, south} {
				if p := platDesk.Get("/helpdesk/users/" + u.ID); p.Status != 200 || !strings.Contains(p.Body, u.Email) {
					t.Fatalf("platform helpdesk on %s: %d", u.Email, p.Status)
				}
			}
			// The portal's tab bar leads helpdesk users to the console.
			if p := arboDesk.Get("/account"); !strings.Contains(p.Body, `href="/helpdesk"`) {
				t.Fatal("no helpdesk tab for a helpdesk user")
			}
			if p := plain.Get("/account"); strings.Contains(p.Body, `href="/helpdesk"`) {
				t.Fatal("a helpdesk tab for a plain user")
			}
			// Without helpdesk or admin rights there is no console.
			if p := plain.Get("/helpdesk"); p.Status != 403 {
				t.Fatalf("plain user on /helpdesk: %d", p.Status)
			}
			if p := plain.Get("/helpdesk/users/" + worker.ID); p.Status != 403 {
				t.Fatalf("plain user on a user page: %d", p.Status)
			}
			// The page shows no secrets: the factor list has no TOTP secret.
			secret, _ := w.env.Secret(worker.Email)
			if p := platDesk.Get("/helpdesk/users/" + worker.ID); strings.Contains(p.Body, secret) {
				t.Fatal("the user page shows the TOTP secret")
			}
		})
	}
}

func TestHelpdeskShowsFactorsSessionsAndEvents(t *testing.T) {
	w := newHDWorld(t, "sqlite")
	worker, _ := w.loggedIn(t, w.employer, "gezien@noord.example")
	addPhone(t, w.env, worker, "+31612345678")
	_, desk := w.loggedIn(t, w.arbo, "helpdesk@arbo-noord.example", roleHelpdesk)
	p := desk.Get("/helpdesk/users/" + worker.ID)
	body := html.UnescapeString(p.Body)
	for _, want := range []string{"+31 6 ** ** ** 78", "Authenticator-app", "Er is een herstelcode", "Chrome op Linux", "login.succeeded"} {
		if !strings.Contains(body, want) {
			t.Errorf("user page lacks %q", want)
		}
	}
	if strings.Contains(body, "612345678") {
		t.Error("user page shows the full phone number")
	}
	if !t.Failed() {
		return
	}
	t.Log(p.Body)
}
