package web

import "testing"

// TestTeamTextsInBothLanguages: the message ids of teams that pages get
// from Go (form and import errors) exist in both languages.
func TestTeamTextsInBothLanguages(t *testing.T) {
	mustHaveTexts(t, msgManagerUnknown, "absence.import.reason.manager_unknown", "absence.import.reason.manager_ambiguous")
}
