package web

import (
	"io/fs"
	"testing"

	"github.com/mijnaccount/mijnaccount/templates"
)

// TestPortalLinkTextsInBothLanguages: the message ids the portal link hands
// to pages from Go (form errors, flashes) exist in both languages.
func TestPortalLinkTextsInBothLanguages(t *testing.T) {
	pages, _ := fs.Sub(Pages, ".")
	c, err := templates.LoadCatalog(pages)
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{"absence.portal_link.not_linked_now", "absence.portal_link.flash_unlinked", "form.required", "absence.form.too_long"}
	for _, m := range c.MissingIDs(ids...) {
		t.Error("missing text:", m)
	}
}
