package web

import (
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/store"
)

// TestCorrectionTextsInBothLanguages: the message ids corrections use
// through Go values (fields, refusals, flashes) have a Dutch and an English
// text.
func TestCorrectionTextsInBothLanguages(t *testing.T) {
	ids := []string{"absence.correction.no_change", "absence.correction.percentage_invalid",
		"absence.correction.flash.case", "absence.correction.flash.recovery_withdrawn", "absence.correction.flash.recovery_corrected"}
	for _, f := range store.CorrectionFields() {
		ids = append(ids, f.MessageID())
	}
	for _, r := range store.ConflictReasons() {
		ids = append(ids, r.MessageID())
	}
	mustHaveTexts(t, ids...)
}
