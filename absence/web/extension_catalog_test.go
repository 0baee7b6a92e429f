package web

import (
	"io/fs"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/poortwachter"
	"github.com/mijnaccount/mijnaccount/templates"
)

// TestExtensionTextsInBothLanguages: the message ids extensions use through
// Go values (kinds, refusals, flashes) have a Dutch and an English text.
func TestExtensionTextsInBothLanguages(t *testing.T) {
	pages, _ := fs.Sub(Pages, ".")
	c, err := templates.LoadCatalog(pages)
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{"absence.extension.kind_required", "absence.extension.reference_invalid",
		"absence.extension.flash.added", "absence.extension.flash.shortened"}
	for _, k := range poortwachter.ExtensionKinds() {
		ids = append(ids, k.MessageID())
	}
	for _, r := range poortwachter.ExtensionReasons() {
		ids = append(ids, r.MessageID())
	}
	for _, m := range c.MissingIDs(ids...) {
		t.Error("missing text:", m)
	}
}
