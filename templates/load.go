package templates

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// tmplFile is one *.html file of a source.
type tmplFile struct {
	key     string   // unique template name: "<source>/<path>"
	src     string   // the file's text
	defines []string // the names it {{define}}s
}

func (f tmplFile) page() string { return strings.TrimSuffix(path.Base(f.key), ".html") }

// sourceName names source i in errors: the package's own files, then Extra.
func sourceName(i int) string {
	if i == 0 {
		return "templates"
	}
	return fmt.Sprintf("extra[%d]", i-1)
}

// readTemplates walks every source for *.html files and sorts them into the
// shared set (layout and partials) and the pages (files defining "content").
// It rejects parse errors, pages without a title, duplicate page names and
// partials defined twice.
func readTemplates(sources []fs.FS, funcs template.FuncMap) (shared, pages []tmplFile, err error) {
	owner := map[string]string{} // partial name → file key
	pageFile := map[string]string{}
	var layoutNames []string
	for i, src := range sources {
		err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || path.Ext(p) != ".html" {
				return err
			}
			b, err := fs.ReadFile(src, p)
			if err != nil {
				return err
			}
			f := tmplFile{key: sourceName(i) + "/" + p, src: string(b)}
			t, err := template.New(f.key).Funcs(funcs).Parse(f.src)
			if err != nil {
				return fmt.Errorf("templates: %w", err)
			}
			for _, d := range t.Templates() {
				if d.Name() != f.key {
					f.defines = append(f.defines, d.Name())
				}
			}
			switch {
			case slices.Contains(f.defines, "content"):
				if !slices.Contains(f.defines, "title") {
					return fmt.Errorf("templates: %s: a page must define \"title\" as well as \"content\"", f.key)
				}
				if prev, ok := pageFile[f.page()]; ok {
					return fmt.Errorf("templates: %s: page %q already defined in %s", f.key, f.page(), prev)
				}
				pageFile[f.page()] = f.key
				pages = append(pages, f)
			default:
				if i == 0 && p == "html/layout.html" {
					layoutNames = f.defines
				}
				for _, name := range f.defines {
					if prev, ok := owner[name]; ok {
						return fmt.Errorf("templates: %s: template %q already defined in %s", f.key, name, prev)
					}
					owner[name] = f.key
				}
				shared = append(shared, f)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	if !slices.Contains(layoutNames, "layout") {
		return nil, nil, errors.New("templates: html/layout.html must define \"layout\"")
	}
	// A page may fill the layout's blocks but not replace a shared partial.
	for _, f := range pages {
		for _, name := range f.defines {
			if prev, ok := owner[name]; ok && !slices.Contains(layoutNames, name) {
				return nil, nil, fmt.Errorf("templates: %s: template %q already defined in %s", f.key, name, prev)
			}
		}
	}
	return shared, pages, nil
}

// buildSets parses, for one language, the shared files once and every page
// on a clone of them, then executes each page once on empty data so that
// html/template's escaping errors (and calls of templates that do not exist)
// surface now rather than on a user's request.
func buildSets(shared, pages []tmplFile, funcs template.FuncMap, lang string) (map[string]*template.Template, error) {
	base := template.New("").Funcs(funcs)
	for _, f := range shared {
		if _, err := base.New(f.key).Parse(f.src); err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
	}
	sets := make(map[string]*template.Template, len(pages))
	for _, f := range pages {
		set, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("templates: %s: %w", f.key, err)
		}
		if _, err := set.New(f.key).Parse(f.src); err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		var escErr *template.Error
		if err := set.ExecuteTemplate(io.Discard, "layout", View{Lang: lang}); errors.As(err, &escErr) {
			return nil, fmt.Errorf("templates: page %s (%s): %w", f.page(), f.key, err)
		}
		sets[f.page()] = set
	}
	return sets, nil
}
