package templates

import (
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"time"
)

// funcs returns the template functions bound to one language:
//
//	t "id" args...       translate (see Catalog.T); html/template escapes the result
//	dict "K" v ...       a map for passing parameters to a partial
//	datetime t           a time.Time in Options.Location: "02-01-2026, 14:05" (nl), "2 Jan 2026, 14:05" (en)
//	date t               the date part only
//	euros cents          an amount of euro cents: "1.234,56" (nl), "1,234.56" (en)
//	asset "app.css"      the versioned URL of a static file
//	privacyURL, homeURL  the footer and home links from Options
//	appName              the product name (Options.NameID, translated)
func (rd *Renderer) funcs(lang string) template.FuncMap {
	return template.FuncMap{
		"t": func(key any, args ...any) string {
			rd.noteMissing(lang, key)
			return rd.catalog.T(lang, key, args...)
		},
		"dict":       dict,
		"datetime":   func(t time.Time) string { return rd.formatTime(lang, t, true) },
		"date":       func(t time.Time) string { return rd.formatTime(lang, t, false) },
		"euros":      func(cents int64) string { return Euros(lang, cents) },
		"asset":      assetURL,
		"privacyURL": func() string { return rd.opts.PrivacyURL },
		"homeURL":    func() string { return rd.opts.HomeURL },
		"appName":    func() string { return rd.catalog.T(lang, rd.opts.NameID) },
	}
}

// dict builds a map from alternating string keys and values:
// {{template "field" dict "Name" "email" "Label" "form.email"}}.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

func (rd *Renderer) formatTime(lang string, t time.Time, withClock bool) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(rd.opts.Location)
	layout := "2 Jan 2006"
	if lang == "nl" {
		layout = "02-01-2006"
	}
	if withClock {
		layout += ", 15:04"
	}
	return t.Format(layout)
}

// noteMissing logs, once per language and id, a text that the catalogue lacks.
func (rd *Renderer) noteMissing(lang string, key any) {
	if rd.opts.Logger == nil {
		return
	}
	id, _ := messageOf(key)
	if id == "" || rd.catalog.Has(lang, id) {
		return
	}
	if _, seen := rd.missingSeen.LoadOrStore(lang+"\x00"+id, true); !seen {
		rd.opts.Logger.Warn("missing translation", slog.String("lang", lang), slog.String("id", id))
	}
}
