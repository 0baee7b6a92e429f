package demo_test

import (
	"net/url"
	"slices"
	"testing"

	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
	"github.com/mijnaccount/mijnaccount/internal/demo"
)

func TestSeedOnceAndLogIn(t *testing.T) {
	env := apptest.New(t, "sqlite")
	logins, err := demo.Seed(t.Context(), env.App)
	if err != nil || len(logins) != 4 {
		t.Fatalf("seed = %+v, %v", logins, err)
	}
	again, err := demo.Seed(t.Context(), env.App)
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
		p := b.Password(l.Email, demo.Password)
		if p = b.Submit(p, url.Values{"code": {env.TOTPCode(t, l.TOTPSecret)}}); p.URL.Path != "/account" {
			t.Errorf("demo login %s: %s", l.Email, p.URL)
		}
	}
	again, err = demo.Logins(t.Context(), env.App)
	if err != nil || len(again) != 4 {
		t.Fatalf("demo logins of a seeded database: %+v, %v", again, err)
	}
	for _, l := range again {
		if !slices.ContainsFunc(logins, func(o demo.Login) bool { return o.Email == l.Email && o.TOTPSecret == l.TOTPSecret }) {
			t.Errorf("restart lists %s with another secret", l.Email)
		}
	}
}

// TestAbsenceClient: the demo registers the absence app once and gives
// it a fresh secret at every start; the old one stops working.
func TestAbsenceClient(t *testing.T) {
	env := apptest.New(t, "sqlite")
	first, err := demo.AbsenceClient(t.Context(), env.App, "http://localhost:8081")
	if err != nil {
		t.Fatal(err)
	}
	second, err := demo.AbsenceClient(t.Context(), env.App, "http://localhost:8081")
	if err != nil || second == first {
		t.Fatalf("second start: %v (same secret: %v)", err, second == first)
	}
	c, err := env.App.OAuth.GetOAuthClient(t.Context(), demo.AbsenceClientID)
	if err != nil || !c.FirstParty || c.BackchannelLogoutURI != "http://localhost:8081/backchannel-logout" {
		t.Fatalf("client %+v, %v", c, err)
	}
	h := oauthstore.SecretHasher{}
	if h.Compare(t.Context(), c.SecretHash, []byte(second)) != nil || h.Compare(t.Context(), c.SecretHash, []byte(first)) == nil {
		t.Error("only the newest secret may work")
	}
}
