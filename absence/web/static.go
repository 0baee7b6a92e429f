package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"net/http"
)

//go:embed static/absence.css
var staticFS embed.FS

var stylesheet, stylesheetETag = func() ([]byte, string) {
	b, err := staticFS.ReadFile("static/absence.css")
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(b)
	return b, `"` + hex.EncodeToString(sum[:8]) + `"`
}()

// serveStylesheet serves the application's own additions to app.css.
func serveStylesheet(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("ETag", stylesheetETag)
	if r.Header.Get("If-None-Match") == stylesheetETag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(stylesheet)
}
