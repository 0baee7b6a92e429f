package templates

import (
	"io/fs"
	"os"
	"regexp"
	"slices"
	"testing"
	"testing/fstest"
)

// ownTemplates are all templates embedded in this module's templates
// package, including the preview's sample pages.
func ownTemplates() []fs.FS {
	return []fs.FS{builtinFS, os.DirFS("internal/preview/pages")}
}

func TestEveryUsedIDIsInBothCatalogues(t *testing.T) {
	c, err := LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	missing, err := c.Missing(ownTemplates()...)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range missing {
		t.Errorf("missing message: %s", m)
	}
	// Ids the Go code hands to templates.
	var ids []string
	for _, status := range []string{"400", "403", "404", "429", "500", "503"} {
		ids = append(ids, "error."+status, "error."+status+".title")
	}
	for _, m := range c.MissingIDs(ids...) {
		t.Errorf("missing message: %s", m)
	}
	// The scan must actually find ids, or this test proves nothing.
	used, _ := UsedIDs(builtinFS)
	for _, id := range []string{"layout.privacy", "form.error_prefix", "common.continue"} {
		if _, ok := used[id]; !ok {
			t.Errorf("UsedIDs did not find %q", id)
		}
	}
}

func TestCataloguesMatch(t *testing.T) {
	c, err := LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	if nl, en := c.IDs("nl"), c.IDs("en"); !slices.Equal(nl, en) {
		for _, id := range nl {
			if !c.Has("en", id) {
				t.Errorf("en lacks %s", id)
			}
		}
		for _, id := range en {
			if !c.Has("nl", id) {
				t.Errorf("nl lacks %s", id)
			}
		}
	}
	verbs := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	for _, id := range c.IDs("nl") {
		nl, _ := c.Text("nl", id)
		en, _ := c.Text("en", id)
		if a, b := verbs.FindAllString(nl, -1), verbs.FindAllString(en, -1); !slices.Equal(a, b) {
			t.Errorf("%s: nl has verbs %v, en %v", id, a, b)
		}
		if nl == "" || en == "" {
			t.Errorf("%s: empty text", id)
		}
	}
}

func TestTranslateFallbacks(t *testing.T) {
	c, err := LoadCatalog(fstest.MapFS{"i18n/nl.json": {Data: []byte(`{"only.dutch": "Alleen Nederlands"}`)}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang string
		key  any
		args []any
		want string
	}{
		{"en", "login.title", nil, "Log in"},
		{"en", "only.dutch", nil, "Alleen Nederlands"}, // en → nl
		{"en", "no.such.id", nil, "no.such.id"},        // → the id
		{"nl", "no.such.id", nil, "no.such.id"},
		{"nl", "password.too_short", []any{12}, "Het wachtwoord moet minimaal 12 tekens lang zijn."},
		{"nl", "password.too_short", []any{[]any{12}}, "Het wachtwoord moet minimaal 12 tekens lang zijn."}, // {{t .ID .Args}}
		{"en", struct {
			ID   string
			Args []any
		}{"password.too_short", []any{10}}, nil, "The password must be at least 10 characters long."},
		{"en", &struct{ ID string }{"password.mismatch"}, nil, "The two new passwords do not match."},
		{"nl", "", nil, ""},
		{"nl", nil, nil, ""},
	} {
		if got := c.T(tc.lang, tc.key, tc.args...); got != tc.want {
			t.Errorf("T(%s, %v, %v) = %q, want %q", tc.lang, tc.key, tc.args, got, tc.want)
		}
	}
}

func TestMissingReportsUnknownIDs(t *testing.T) {
	c, err := LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	src := fstest.MapFS{"pages/x.html": {Data: []byte(
		`<p>t "not.an.action"</p>{{t "login.title"}}{{t "x.new"}}{{template "field" dict "Label" "x.label"}}`)}}
	got, err := c.Missing(src)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"en: x.label (pages/x.html)", "en: x.new (pages/x.html)",
		"nl: x.label (pages/x.html)", "nl: x.new (pages/x.html)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Missing = %q, want %q", got, want)
	}
}
