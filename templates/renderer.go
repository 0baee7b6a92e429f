package templates

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/mijnaccount/mijnaccount/internal/amsterdam"
)

// builtinFS holds the layout, the partials, the generic pages and the
// shipped catalogues.
//
//go:embed html i18n
var builtinFS embed.FS

// Options configure a Renderer. The zero value is usable.
type Options struct {
	// Extra sources of page templates, partials and i18n/<lang>.json
	// catalogues, usually a domain package's embed.FS.
	Extra []fs.FS
	// RequestID returns the request id for .RequestID ("vermeld code …").
	RequestID func(ctx context.Context) string
	// PrivacyURL is the footer's privacy notice link; default "/privacy".
	PrivacyURL string
	// HomeURL is where the product name and error pages link; default "/".
	HomeURL string
	// NameID is the message id of the product name in the page title and
	// header; default "app.name" ("Mijn Account").
	NameID string
	// Location is the time zone of datetime; default Europe/Amsterdam.
	Location *time.Location
	// Logger, when set, gets one warning per language and id that a page
	// uses but the catalogue lacks. It never receives page data.
	Logger *slog.Logger
}

// Renderer renders pages inside the layout. It is safe for concurrent use.
type Renderer struct {
	opts        Options
	catalog     *Catalog
	sets        map[string]map[string]*template.Template // lang → page → templates
	missingSeen sync.Map
	bufs        sync.Pool
}

// New parses every template and catalogue of the package and of opts.Extra.
// Any parse error, page without title, duplicate page or partial, call of a
// template that does not exist, or duplicate message id is an error here,
// never on a request.
func New(opts Options) (*Renderer, error) {
	if opts.PrivacyURL == "" {
		opts.PrivacyURL = "/privacy"
	}
	if opts.HomeURL == "" {
		opts.HomeURL = "/"
	}
	if opts.NameID == "" {
		opts.NameID = "app.name"
	}
	if opts.Location == nil {
		opts.Location = amsterdam.Location
	}
	cat, err := LoadCatalog(opts.Extra...)
	if err != nil {
		return nil, err
	}
	rd := &Renderer{opts: opts, catalog: cat, sets: map[string]map[string]*template.Template{}}
	rd.bufs.New = func() any { return new(bytes.Buffer) }

	shared, pages, err := readTemplates(append([]fs.FS{builtinFS}, opts.Extra...), rd.funcs(DefaultLang))
	if err != nil {
		return nil, err
	}
	for _, lang := range Languages {
		if rd.sets[lang], err = buildSets(shared, pages, rd.funcs(lang), lang); err != nil {
			return nil, err
		}
	}
	return rd, nil
}

// Catalog returns the merged message catalogue.
func (rd *Renderer) Catalog() *Catalog { return rd.catalog }

// Pages returns the sorted names of all pages.
func (rd *Renderer) Pages() []string {
	names := make([]string, 0, len(rd.sets[DefaultLang]))
	for name := range rd.sets[DefaultLang] {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Render writes page in the request's language with the given status. The
// page gets a View with data as .Data. The page is rendered into a buffer
// first: on error nothing has been written and the caller can still send an
// error page. Pages are never cached (Cache-Control: no-store) unless the
// handler set its own Cache-Control.
func (rd *Renderer) Render(w http.ResponseWriter, r *http.Request, status int, page string, data any) error {
	lang := requestLang(r)
	set, ok := rd.sets[lang][page]
	if !ok {
		return fmt.Errorf("templates: no page %q", page)
	}
	flash, clear := rd.takeFlash(r)
	v := View{
		Lang:        lang,
		Path:        r.URL.Path,
		Flash:       flash,
		Data:        data,
		escapedPath: r.URL.EscapedPath(),
		rawQuery:    withoutParam(r.URL.RawQuery, langParam),
	}
	if rd.opts.RequestID != nil {
		v.RequestID = rd.opts.RequestID(r.Context())
	}

	buf := rd.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer rd.bufs.Put(buf)
	if err := set.ExecuteTemplate(buf, "layout", v); err != nil {
		return fmt.Errorf("templates: render %s: %w", page, err)
	}

	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", lang)
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-store")
	}
	if clear {
		clearFlash(w, r)
	}
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// Error sends the "error" page for status: its own title and text when the
// catalogue has error.<status>, otherwise those of 400 or 500. If even that
// page fails, a plain-text answer goes out and the error is returned.
func (rd *Renderer) Error(w http.ResponseWriter, r *http.Request, status int) error {
	if err := rd.Render(w, r, status, "error", rd.ErrorData(status)); err != nil {
		http.Error(w, http.StatusText(status), status)
		return err
	}
	return nil
}

// ErrorData returns the error page's data for status.
func (rd *Renderer) ErrorData(status int) ErrorData {
	code := strconv.Itoa(status)
	if !rd.catalog.Has(DefaultLang, "error."+code) {
		code = "500"
		if status >= 400 && status < 500 {
			code = "400"
		}
	}
	return ErrorData{Status: status, Title: "error." + code + ".title", Body: "error." + code}
}
