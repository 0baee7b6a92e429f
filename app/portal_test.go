package app_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/config"
)

var revokeHandle = regexp.MustCompile(`name="session" value="([0-9a-f]+)"`)

func TestRevokedSessionIsRefusedOnNextRequest(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Werkgever Sessies", account.Werkgever)
			env.User(t, org, "s@sessies.example", goodPassword)
			laptop, phone := env.Browser(t), env.Browser(t)
			laptop.Login("s@sessies.example", goodPassword)
			phone.Login("s@sessies.example", goodPassword)

			list := laptop.Get("/account/sessions")
			handles := revokeHandle.FindAllStringSubmatch(list.Body, -1)
			if len(handles) != 1 || !strings.Contains(list.Body, "Dit apparaat") {
				t.Fatalf("the list shows two sessions, one revocable:\n%s", list.Body)
			}
			p := laptop.Post("/account/sessions/revoke", url.Values{"session": {handles[0][1]}})
			if p.URL.Path != "/account/sessions" {
				t.Fatalf("revoke: %s %d", p.URL, p.Status)
			}
			if p := phone.Get("/account"); p.URL.Path != "/login" {
				t.Fatal("the revoked session must be refused on its next request")
			}
			if p := laptop.Get("/account"); p.URL.Path != "/account" {
				t.Fatal("the current session stays")
			}
			laptop.Post("/account/sessions/revoke-all", nil)
			if p := laptop.Get("/account"); p.URL.Path != "/login" {
				t.Fatal("log out everywhere includes this browser")
			}
		})
	}
}

func TestPortalPasswordChangeNeedsTheCurrentPassword(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Werkgever Wijzig", account.Werkgever)
	env.User(t, org, "w@wijzig.example", goodPassword)
	b, other := env.Browser(t), env.Browser(t)
	b.Login("w@wijzig.example", goodPassword)
	other.Login("w@wijzig.example", goodPassword)
	form := b.Get("/account/password")
	p := b.Post("/account/password", url.Values{"current_password": {"raden"}, "new_password": {"Winter-avond-2027"}, "repeat_password": {"Winter-avond-2027"}})
	if p.Status != 422 {
		t.Fatalf("wrong current password: %d", p.Status)
	}
	_ = form
	p = b.Post("/account/password", url.Values{"current_password": {goodPassword}, "new_password": {"Winter-avond-2027"}, "repeat_password": {"Winter-avond-2027"}})
	if p.URL.Path != "/account" || !strings.Contains(p.Body, "gewijzigd") {
		t.Fatalf("change: %s %d\n%s", p.URL, p.Status, p.Body)
	}
	if p := other.Get("/account"); p.URL.Path != "/login" {
		t.Fatal("other sessions end after a password change")
	}
	if mails := env.Mails(t, "w@wijzig.example"); len(mails) == 0 {
		t.Fatal("the user is told by mail")
	}
}

func TestIPAllowList(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend, func(c *config.Config) { c.HTTP.TrustedProxies = []string{"127.0.0.1/32"} })
			org := env.Org(t, "Verzekeraar Kantoor", account.Verzekeraar, func(o *account.Org) { o.IPAllowList = []string{"192.0.2.0/24"} })
			env.User(t, org, "kantoor@verz.example", goodPassword)
			outside := env.Browser(t)
			outside.IP = "198.51.100.7"
			if p := outside.Login("kantoor@verz.example", goodPassword); p.Status != 403 || !strings.Contains(p.Body, "netwerk") {
				t.Fatalf("login from outside the allow-list: %d\n%s", p.Status, p.Body)
			}
			inside := env.Browser(t)
			inside.IP = "192.0.2.44"
			if p := inside.Login("kantoor@verz.example", goodPassword); p.URL.Path != "/account" {
				t.Fatalf("login from the office: %s", p.URL)
			}
			inside.IP = "198.51.100.7"
			if p := inside.Get("/account"); p.URL.Path != "/login" {
				t.Fatal("a session used from outside the allow-list ends")
			}
		})
	}
}

func TestOrgAdminInvitesAColleague(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Werkgever Admin", account.Werkgever)
	env.User(t, org, "admin@admin.example", goodPassword, "platform/org-admin")
	env.User(t, org, "gewoon@admin.example", goodPassword, "werkgever/hr")
	if p := env.Browser(t).Login("gewoon@admin.example", goodPassword); p.URL.Path != "/account" {
		t.Fatal("setup")
	}
	plain := env.Browser(t)
	plain.Login("gewoon@admin.example", goodPassword)
	if p := plain.Get("/account/users"); p.Status != 403 {
		t.Fatalf("a user without org-admin must not see the users page: %d", p.Status)
	}
	b := env.Browser(t)
	b.Login("admin@admin.example", goodPassword)
	page := b.Get("/account/users")
	if page.Status != 200 || !strings.Contains(page.Body, "gewoon@admin.example") {
		t.Fatalf("users page: %d", page.Status)
	}
	if p := b.Post("/account/users/invite", url.Values{"name": {"Nieuwe"}, "email": {"x@admin.example"}, "role": {"arbodienst/casemanager"}}); p.Status != 422 {
		t.Fatalf("a role of another domain must be refused: %d", p.Status)
	}
	p := b.Post("/account/users/invite", url.Values{"name": {"Nieuwe Collega"}, "email": {"nieuw@admin.example"}, "birthdate": {"01-02-1991"}, "role": {"werkgever/leidinggevende"}})
	if p.URL.Path != "/account/users" {
		t.Fatalf("invite: %s %d\n%s", p.URL, p.Status, p.Body)
	}
	lastLink(t, env, "nieuw@admin.example", "invite")
	if p := b.Post("/account/users/invite", url.Values{"name": {"Dubbel"}, "email": {"NIEUW@admin.example"}, "role": {"werkgever/hr"}}); p.Status != 409 {
		t.Fatalf("an email in use (any case) must be refused: %d", p.Status)
	}
}

// TestAuditTrailHasNoPersonalData walks a few flows and checks that the audit
// trail records them with ids only.
func TestAuditTrailHasNoPersonalData(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Werkgever Audit", account.Werkgever)
	env.User(t, org, "audit.persoon@audit.example", goodPassword)
	b := env.Browser(t)
	b.Login("audit.persoon@audit.example", "fout-wachtwoord")
	b.Login("onbekend@audit.example", "fout-wachtwoord")
	env.Clock.Advance(10e9)
	b.Login("audit.persoon@audit.example", goodPassword)
	b.Post("/account/sessions/revoke-all", nil)

	var actions []string
	var all strings.Builder
	store := audit.NewSQLStore(env.App.AuditDB)
	if err := store.Iterate(t.Context(), zeroTime, func(e audit.Event) error {
		actions = append(actions, e.Action)
		all.WriteString(e.ActorID + e.TargetID + e.OrgID + e.RequestID + e.IPHash + e.Reason + "|")
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"login.failed", "login.succeeded", "session.logged_out_everywhere"} {
		if !strings.Contains(strings.Join(actions, ","), want) {
			t.Errorf("audit trail lacks %s: %v", want, actions)
		}
	}
	for _, pii := range []string{"audit.persoon", "onbekend", "@", "127.0.0.1", "Werkgever Audit"} {
		if strings.Contains(all.String(), pii) {
			t.Errorf("audit trail contains %q", pii)
		}
	}
	if rep, err := store.Verify(t.Context()); err != nil || !rep.OK {
		t.Fatalf("verify: %+v %v", rep, err)
	}
}
