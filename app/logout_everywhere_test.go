package app_test

import (
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
)

// TestEveryPortalPageOffersLogout: each page of the portal carries the
// logout button (ASVS 5.0 7.4.4).
func TestEveryPortalPageOffersLogout(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Uitlog BV", account.Werkgever)
	u := env.User(t, org, "uitlog@uitlog.example", goodPassword)
	b := env.Browser(t)
	if p := b.Login(u.Email, goodPassword); p.URL.Path != "/account" {
		t.Fatalf("login ended on %s", p.URL)
	}
	for _, path := range []string{"/account", "/account/password", "/account/sessions", "/account/security", "/account/standins"} {
		p := b.Get(path)
		if p.Status != 200 || p.URL.Path != path || !strings.Contains(p.Body, `action="/logout"`) {
			t.Errorf("%s: status %d at %s, logout button %v", path, p.Status, p.URL.Path, strings.Contains(p.Body, `action="/logout"`))
		}
	}
}
