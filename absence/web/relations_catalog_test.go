package web

import (
	"testing"
)

// TestRelationTextsInBothLanguages: the message ids relation management
// hands to pages from Go (form errors, flashes) exist in both languages.
func TestRelationTextsInBothLanguages(t *testing.T) {
	ids := []string{
		"absence.relations.provider_required", "absence.relations.provider_unknown", "absence.relations.provider_employer",
		"absence.relations.end_before_start", "absence.relations.overlap", "absence.relations.end_overlap",
		"absence.relations.already_ended", "absence.relations.flash_added", "absence.relations.flash_ended",
		"absence.relations.flash_ended_now", "absence.right.relation_manage",
	}
	mustHaveTexts(t, ids...)
}
