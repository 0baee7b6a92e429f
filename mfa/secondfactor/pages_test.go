package secondfactor

import (
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/account/login"
	"github.com/mijnaccount/mijnaccount/account/portal"
	"github.com/mijnaccount/mijnaccount/templates"
)

// TestEveryTextExistsInBothLanguages covers the ids in the pages and the
// message pages the code shows when a login cannot go on.
func TestEveryTextExistsInBothLanguages(t *testing.T) {
	c, err := templates.LoadCatalog(Pages, login.Pages, portal.Pages)
	if err != nil {
		t.Fatal(err)
	}
	missing, err := c.Missing(Pages)
	if err != nil {
		t.Fatal(err)
	}
	missing = append(missing, c.MissingIDs("mfa.none_usable.helpdesk", "mfa.none_usable.reauth", "mfa.none_allowed",
		"mfa.challenge.proof", "mfa.challenge.no_factor", "mfa.too_many_failures")...)
	if len(missing) > 0 {
		t.Fatalf("missing texts:\n%s", strings.Join(missing, "\n"))
	}
}
