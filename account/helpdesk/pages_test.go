package helpdesk

import (
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/account/portal"
	"github.com/mijnaccount/mijnaccount/templates"
)

// TestEveryTextExistsInBothLanguages covers the ids in the pages and those
// the code builds: per action, per factor kind, per outcome, per refusal.
func TestEveryTextExistsInBothLanguages(t *testing.T) {
	c, err := templates.LoadCatalog(Pages, portal.Pages)
	if err != nil {
		t.Fatal(err)
	}
	missing, err := c.Missing(Pages)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for a := range specs {
		for _, part := range []string{"title", "intro", "submit"} {
			ids = append(ids, "helpdesk.action."+string(a)+"."+part)
		}
		ids = append(ids, "helpdesk.notice."+strings.ReplaceAll(string(a), "-", "_"))
		if specs[a].fourEyes {
			ids = append(ids, "helpdesk.approve."+string(a))
		}
	}
	ids = append(ids, "helpdesk.notice.requested", "helpdesk.kind.totp", "helpdesk.kind.sms", "helpdesk.kind.webauthn",
		"helpdesk.outcome.success", "helpdesk.outcome.failure", "helpdesk.outcome.denied",
		"helpdesk.error.reason_required", "helpdesk.error.reason_invalid", "helpdesk.error.ticket_invalid",
		"status.active", "status.invited", "status.blocked")
	for _, r := range refusals {
		ids = append(ids, r.msg)
	}
	missing = append(missing, c.MissingIDs(ids...)...)
	if len(missing) > 0 {
		t.Fatalf("missing texts:\n%s", strings.Join(missing, "\n"))
	}
}

// TestEveryActionIsOfferedOrReachable: an action in the table is either on
// the user page or reached from a factor or request row.
func TestEveryActionIsOfferedOrReachable(t *testing.T) {
	for a, sp := range specs {
		onPage := false
		for _, b := range pageOrder {
			onPage = onPage || a == b
		}
		if onPage != (sp.offered != nil) || (!onPage && !sp.withFactor && !sp.withRequest) {
			t.Errorf("action %s: on the page %v, offered func %v, factor %v, request %v", a, onPage, sp.offered != nil, sp.withFactor, sp.withRequest)
		}
		if sp.run == nil || (sp.audit == "" && !sp.withRequest) {
			t.Errorf("action %s has no run func or audit action", a)
		}
		if sp.fourEyes && (sp.requestMail == "" || sp.withRequest) {
			t.Errorf("four-eyes action %s has no request mail, or decides a request itself", a)
		}
	}
}
