package web

import (
	"io/fs"
	"testing"

	"github.com/mijnaccount/mijnaccount/templates"
)

// pageCatalog returns the application's pages and their message catalogue.
func pageCatalog(t *testing.T) (fs.FS, *templates.Catalog) {
	t.Helper()
	pages, _ := fs.Sub(Pages, ".")
	c, err := templates.LoadCatalog(pages)
	if err != nil {
		t.Fatal(err)
	}
	return pages, c
}

// mustHaveTexts fails for every message id without a Dutch or an English
// text.
func mustHaveTexts(t *testing.T, ids ...string) {
	t.Helper()
	_, c := pageCatalog(t)
	for _, m := range c.MissingIDs(ids...) {
		t.Error("missing text:", m)
	}
}
