package web

import (
	"io/fs"
	"testing"

	"github.com/mijnaccount/mijnaccount/templates"
)

// TestRelationTextsInBothLanguages: the message ids relation management
// hands to pages from Go (form errors, flashes) exist in both languages.
func TestRelationTextsInBothLanguages(t *testing.T) {
	pages, _ := fs.Sub(Pages, ".")
	c, err := templates.LoadCatalog(pages)
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{
		"absence.relations.provider_required", "absence.relations.provider_unknown", "absence.relations.provider_employer",
		"absence.relations.end_before_start", "absence.relations.overlap", "absence.relations.end_overlap",
		"absence.relations.already_ended", "absence.relations.flash_added", "absence.relations.flash_ended",
		"absence.relations.flash_ended_now", "absence.right.relation_manage",
	}
	for _, m := range c.MissingIDs(ids...) {
		t.Error("missing text:", m)
	}
}
