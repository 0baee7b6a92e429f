package templates

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

var (
	// actionRE finds template actions; ids are only looked for inside them.
	actionRE = regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	// idRE finds the literal message ids in an action: the first argument of
	// t, and the values of the partial parameters that hold message ids.
	idRE = regexp.MustCompile(`(?:\bt|"(?:` + strings.Join(idParams, "|") + `)")\s+"([^"]+)"`)
)

// idParams are the dict keys whose values the partials translate.
var idParams = []string{"Label", "Hint", "Error", "Text", "Title", "Body", "LinkText"}

// UsedIDs returns the literal message ids used by the *.html files in src,
// mapped to the files that use them. Ids built at run time (from data or with
// printf) are not seen; list those in a test with MissingIDs.
func UsedIDs(src fs.FS) (map[string][]string, error) {
	used := map[string][]string{}
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".html" {
			return err
		}
		b, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		for _, action := range actionRE.FindAllString(string(b), -1) {
			for _, m := range idRE.FindAllStringSubmatch(action, -1) {
				if !slices.Contains(used[m[1]], p) {
					used[m[1]] = append(used[m[1]], p)
				}
			}
		}
		return nil
	})
	return used, err
}

// Missing lists, sorted, every literal message id used in the templates of
// sources that lacks a text in one of the languages, as
// "en: login.title (pages/login.html)". Domain packages call it in a test:
//
//	c, _ := templates.LoadCatalog(login.Pages)
//	missing, err := c.Missing(login.Pages) // want none
func (c *Catalog) Missing(sources ...fs.FS) ([]string, error) {
	var out []string
	for _, src := range sources {
		used, err := UsedIDs(src)
		if err != nil {
			return nil, err
		}
		for id, files := range used {
			for _, l := range Languages {
				if !c.Has(l, id) {
					out = append(out, fmt.Sprintf("%s: %s (%s)", l, id, strings.Join(files, ", ")))
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// MissingIDs lists, as "lang: id", the given ids that lack a text in one of
// the languages — for ids that Go code hands to templates.
func (c *Catalog) MissingIDs(ids ...string) []string {
	var out []string
	for _, id := range ids {
		for _, l := range Languages {
			if !c.Has(l, id) {
				out = append(out, l+": "+id)
			}
		}
	}
	return out
}
