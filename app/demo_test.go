package app_test

import (
	"testing"

	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/app/apptest"
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
		// Demo users have no second factor yet: their first login is the wizard.
		b := env.Browser(t)
		if p, _, _ := b.EnrolTOTP(b.Password(l.Email, app.DemoPassword)); p.URL.Path != "/account" {
			t.Errorf("demo login %s: %s", l.Email, p.URL)
		}
	}
}
