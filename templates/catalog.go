package templates

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
)

// Catalog holds the message texts per language: lang → message id → text.
// It is read-only after loading and safe for concurrent use.
type Catalog struct {
	msgs map[string]map[string]string
	// origin remembers which file defined an id, for duplicate errors.
	origin map[string]string
}

func newCatalog() *Catalog {
	c := &Catalog{msgs: map[string]map[string]string{}, origin: map[string]string{}}
	for _, l := range Languages {
		c.msgs[l] = map[string]string{}
	}
	return c
}

// LoadCatalog reads the shipped catalogues plus every i18n/<lang>.json and
// i18n/<part>.<lang>.json in extra, so a feature can keep its texts in a file
// of its own. The same id defined twice for one language is an error.
func LoadCatalog(extra ...fs.FS) (*Catalog, error) {
	c := newCatalog()
	for i, src := range append([]fs.FS{builtinFS}, extra...) {
		if err := c.addFS(src, sourceName(i)); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// addFS merges every <lang>.json or <part>.<lang>.json that sits in a
// directory named i18n.
func (c *Catalog) addFS(src fs.FS, name string) error {
	return fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Base(path.Dir(p)) != "i18n" || path.Ext(p) != ".json" {
			return err
		}
		lang := strings.TrimSuffix(path.Base(p), ".json")
		if i := strings.LastIndexByte(lang, '.'); i >= 0 {
			lang = lang[i+1:]
		}
		if !slices.Contains(Languages, lang) {
			return fmt.Errorf("templates: %s/%s: unsupported language %q", name, p, lang)
		}
		b, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		return c.add(lang, name+"/"+p, b)
	})
}

// add parses a flat JSON object of id → text, refusing duplicate keys (which
// encoding/json would silently collapse) and ids another file already holds.
func (c *Catalog) add(lang, file string, b []byte) error {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("templates: %s: want a JSON object of message id → text", file)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("templates: %s: %w", file, err)
		}
		id := tok.(string)
		var text string
		if err := dec.Decode(&text); err != nil {
			return fmt.Errorf("templates: %s: %q: want a string: %w", file, id, err)
		}
		key := lang + "\x00" + id
		if prev, ok := c.origin[key]; ok {
			return fmt.Errorf("templates: %s: message %q already defined in %s", file, id, prev)
		}
		c.origin[key] = file
		c.msgs[lang][id] = text
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("templates: %s: %w", file, err)
	}
	return nil
}

// Has reports whether id has a text in lang (without fallback).
func (c *Catalog) Has(lang, id string) bool {
	_, ok := c.msgs[lang][id]
	return ok
}

// IDs returns the sorted message ids of lang.
func (c *Catalog) IDs(lang string) []string {
	ids := make([]string, 0, len(c.msgs[lang]))
	for id := range c.msgs[lang] {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Text returns the text of id in lang, falling back to Dutch and then to the
// id itself; ok is false when lang itself has no text for id.
func (c *Catalog) Text(lang, id string) (text string, ok bool) {
	if s, ok := c.msgs[lang][id]; ok {
		return s, true
	}
	if s, ok := c.msgs[DefaultLang][id]; ok {
		return s, false
	}
	return id, false
}

// T translates a message in lang. key is a message id (string) or a message
// value: a struct (or pointer to one) with a string field ID and optionally
// an []any field Args, or anything with MessageID() string. args are fmt
// arguments; a single []any argument is spread, so {{t .ID .Args}} works.
func (c *Catalog) T(lang string, key any, args ...any) string {
	id, margs := messageOf(key)
	if id == "" {
		return ""
	}
	if len(args) == 1 {
		if spread, ok := args[0].([]any); ok {
			args = spread
		}
	}
	args = append(margs, args...)
	text, _ := c.Text(lang, id)
	if len(args) == 0 {
		return text
	}
	return fmt.Sprintf(text, args...)
}

// messageOf extracts the id and arguments from a message key.
func messageOf(key any) (string, []any) {
	switch k := key.(type) {
	case nil:
		return "", nil
	case string:
		return k, nil
	case interface{ MessageID() string }:
		return k.MessageID(), nil
	}
	v := reflect.ValueOf(key)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "", nil
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.String {
		return v.String(), nil
	}
	if v.Kind() != reflect.Struct {
		return fmt.Sprint(key), nil
	}
	var id string
	if f := v.FieldByName("ID"); f.IsValid() && f.Kind() == reflect.String {
		id = f.String()
	}
	var args []any
	if f := v.FieldByName("Args"); f.IsValid() && f.Kind() == reflect.Slice && f.CanInterface() {
		for i := range f.Len() {
			args = append(args, f.Index(i).Interface())
		}
	}
	return id, args
}
