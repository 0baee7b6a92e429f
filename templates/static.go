package templates

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

//go:embed static
var staticFS embed.FS

// staticTypes are the content types of the files we ship; others are refused.
var staticTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".svg": "image/svg+xml",
	".png": "image/png",
	".ico": "image/x-icon",
	".js":  "text/javascript; charset=utf-8",
}

type asset struct {
	body  []byte
	ctype string
	hash  string // first 12 hex digits of the SHA-256, for ETag and ?v=
}

// assets are read once: the embedded files never change while we run.
var assets = sync.OnceValue(func() map[string]asset {
	m := map[string]asset{}
	_ = fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ctype, ok := staticTypes[path.Ext(p)]
		if !ok {
			return nil
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		m[strings.TrimPrefix(p, "static/")] = asset{body: b, ctype: ctype, hash: hex.EncodeToString(sum[:6])}
		return nil
	})
	return m
})

// StaticHandler serves the files under static/ at /static/ (mount it on
// "GET /static/"): with their content type, an ETag, and
// Cache-Control: public, max-age=86400. Pages link them through the asset
// function, whose ?v= changes with the content. Directories are not listed.
func StaticHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		name, ok := strings.CutPrefix(r.URL.Path, "/static/")
		a, found := assets()[name]
		if !ok || !found {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.ctype)
		h.Set("Cache-Control", "public, max-age=86400")
		h.Set("ETag", `"`+a.hash+`"`)
		h.Set("X-Content-Type-Options", "nosniff")
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.body))
	})
}

// assetURL is the URL of a static file with a version that changes with its
// content: /static/app.css?v=1a2b3c4d5e6f.
func assetURL(name string) (string, error) {
	a, ok := assets()[name]
	if !ok {
		return "", fmt.Errorf("asset %q: no such file under static/", name)
	}
	return "/static/" + name + "?v=" + a.hash, nil
}
