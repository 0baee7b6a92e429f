package web

import (
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/retention"
)

// TestRetentionTextsInBothLanguages: the message ids retention uses through
// Go values have a Dutch and an English text.
func TestRetentionTextsInBothLanguages(t *testing.T) {
	ids := []string{"absence.retention.policy_invalid", "absence.retention.flash.term_saved", "absence.retention.none_selected"}
	for _, p := range retention.Policies() {
		ids = append(ids, p.MessageID())
	}
	for _, r := range []retention.Reason{retention.Expired, retention.Open, retention.InTerm, retention.Employed,
		retention.CaseKept, retention.NotFound} {
		ids = append(ids, r.MessageID())
	}
	mustHaveTexts(t, ids...)
}
