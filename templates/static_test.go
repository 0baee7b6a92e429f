package templates

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path"
	"regexp"
	"strings"
	"testing"
)

func TestStaticServesCSS(t *testing.T) {
	h := StaticHandler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/static/app.css", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	for k, want := range map[string]string{
		"Content-Type":           "text/css; charset=utf-8",
		"Cache-Control":          "public, max-age=86400",
		"X-Content-Type-Options": "nosniff",
	} {
		if got := rec.Header().Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if !strings.Contains(rec.Body.String(), "--primary") {
		t.Error("body is not app.css")
	}

	// A revalidation with the ETag gets 304.
	req := httptest.NewRequest(http.MethodGet, "/static/app.css", nil)
	req.Header.Set("If-None-Match", rec.Header().Get("ETag"))
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Errorf("revalidation: status %d", rec.Code)
	}
}

func TestStaticRefusesOthers(t *testing.T) {
	h := StaticHandler()
	for _, tc := range []struct {
		method, target string
		want           int
	}{
		{http.MethodGet, "/static/", http.StatusNotFound},
		{http.MethodGet, "/static/nope.css", http.StatusNotFound},
		{http.MethodGet, "/static/../renderer.go", http.StatusNotFound},
		{http.MethodPost, "/static/app.css", http.StatusMethodNotAllowed},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.target, nil))
		if rec.Code != tc.want {
			t.Errorf("%s %s: %d, want %d", tc.method, tc.target, rec.Code, tc.want)
		}
		if rec.Header().Get("Cache-Control") == "public, max-age=86400" {
			t.Errorf("%s %s: error answer marked cacheable", tc.method, tc.target)
		}
	}
}

// The CSP forbids inline styles and scripts; no template may contain them.
func TestNoInlineStyleOrScript(t *testing.T) {
	bad := regexp.MustCompile(`(?i)<script|<style|\sstyle=|\son[a-z]+=|javascript:`)
	for _, src := range ownTemplates() {
		_ = fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || path.Ext(p) != ".html" {
				return err
			}
			b, _ := fs.ReadFile(src, p)
			if m := bad.FindString(string(b)); m != "" {
				t.Errorf("%s contains %q", p, m)
			}
			return nil
		})
	}
}
