package app_test

import (
	"net/url"
	"slices"
	"testing"

	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

func TestDemoSeedOnceAndLogIn(t *testing.T) {
	env := apptest.New(t, "sqlite")
	logins, err := env.App.SeedDemo(t.Context())
	if err != nil || len(logins) != 4 {
		t.Fatalf("seed = %+v, %v", logins, err)
	}
	again, err := env.App.SeedDemo(t.Context())
	if err != nil || len(again) != 0 {
		t.Fatalf("a seeded database must not be seeded again: %+v, %v", again, err)
	}
	orgs, _ := env.App.Accounts.ListOrgs(t.Context())
	if len(orgs) != 4 {
		t.Fatalf("one organisation per domain, got %d", len(orgs))
	}
	for _, l := range logins {
		// Demo users have an authenticator app whose secret the demo prints.
		b := env.Browser(t)
		p := b.Password(l.Email, app.DemoPassword)
		if p = b.Submit(p, url.Values{"code": {env.TOTPCode(t, l.TOTPSecret)}}); p.URL.Path != "/account" {
			t.Errorf("demo login %s: %s", l.Email, p.URL)
		}
	}
	again, err = env.App.DemoLogins(t.Context())
	if err != nil || len(again) != 4 {
		t.Fatalf("demo logins of a seeded database: %+v, %v", again, err)
	}
	for _, l := range again {
		if !slices.ContainsFunc(logins, func(o app.DemoLogin) bool { return o.Email == l.Email && o.TOTPSecret == l.TOTPSecret }) {
			t.Errorf("restart lists %s with another secret", l.Email)
		}
	}
}

// TestDemoAbsenceClient: the demo registers the absence app once and gives
// it a fresh secret at every start; the old one stops working.
func TestDemoAbsenceClient(t *testing.T) {
	env := apptest.New(t, "sqlite")
	first, err := env.App.DemoAbsenceClient(t.Context(), "http://localhost:8081")
	if err != nil {
		t.Fatal(err)
	}
	second, err := env.App.DemoAbsenceClient(t.Context(), "http://localhost:8081")
	if err != nil || second == first {
		t.Fatalf("second start: %v (same secret: %v)", err, second == first)
	}
	c, err := env.App.OAuth.GetOAuthClient(t.Context(), app.DemoAbsenceClientID)
	if err != nil || !c.FirstParty || c.BackchannelLogoutURI != "http://localhost:8081/backchannel-logout" {
		t.Fatalf("client %+v, %v", c, err)
	}
	h := oauthstore.SecretHasher{}
	if h.Compare(t.Context(), c.SecretHash, []byte(second)) != nil || h.Compare(t.Context(), c.SecretHash, []byte(first)) == nil {
		t.Error("only the newest secret may work")
	}
}
