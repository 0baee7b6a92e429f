package mail

import (
	"strings"
	"testing"
)

// TestHelpdeskActionNamesEveryEvent: each helpdesk action on an account has
// its own sentence in both languages, says who acted, and an unknown event
// still tells the user something happened.
func TestHelpdeskActionNamesEveryEvent(t *testing.T) {
	ts := mustTemplates(t)
	events := []string{"factors_reset", "factors_reset_requested", "factors_reset_rejected", "factor_removed",
		"factor_removed_requested", "factor_removed_rejected", "phone_swap_requested", "phone_swap_rejected",
		"phone_swap_end_requested", "phone_swap_end_rejected", "unlocked", "sessions_revoked", "something_else"}
	for _, lang := range []string{"nl", "en"} {
		seen := map[string]string{}
		for _, ev := range events {
			data := fullData()
			data["Event"] = ev
			m, err := ts.Render("helpdesk_action", lang, data)
			if err != nil {
				t.Fatal(err)
			}
			if prev, dup := seen[m.Text]; dup {
				t.Errorf("%s: %s and %s render the same text", lang, prev, ev)
			}
			seen[m.Text] = ev
		}
		data := fullData()
		data["Event"], data["Actor"] = "unlocked", "admin"
		m, err := ts.Render("helpdesk_action", lang, data)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(m.Text, map[string]string{"nl": "De beheerder van uw organisatie heeft", "en": "Your organisation's administrator has"}[lang]) {
			t.Errorf("%s: an org admin's action is not named as such:\n%s", lang, m.Text)
		}
		if !strings.Contains(m.HTML, map[string]string{"nl": "De beheerder van uw organisatie heeft", "en": "Your organisation&#39;s administrator has"}[lang]) {
			t.Errorf("%s: an org admin's action is not named as such in HTML:\n%s", lang, m.HTML)
		}
	}
}
