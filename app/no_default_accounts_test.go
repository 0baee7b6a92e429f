package app_test

import (
	"testing"

	"github.com/mijnaccount/mijnaccount/app/apptest"
)

// TestFreshInstallHasNoAccounts: a new installation has no user and no
// organisation, so there is no default account to guess (ASVS 5.0 6.3.2);
// only the demo (cmd/demo, `make demo`) seeds demo users, and only when asked.
func TestFreshInstallHasNoAccounts(t *testing.T) {
	env := apptest.New(t, "sqlite")
	var users int
	if err := env.App.DB.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM users").Scan(&users); err != nil {
		t.Fatal(err)
	}
	orgs, err := env.App.Accounts.ListOrgs(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if users != 0 || len(orgs) != 0 {
		t.Fatalf("a fresh installation has %d users and %d organisations", users, len(orgs))
	}
	for _, name := range []string{"admin@localhost", "admin", "root", "helpdesk@localhost"} {
		if p := env.Browser(t).Password(name, "admin"); p.URL.Path != "/login" {
			t.Errorf("login as %s went to %s", name, p.URL)
		}
	}
}
