package templates

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Languages are the supported languages; the first is the default.
var Languages = []string{"nl", "en"}

// DefaultLang is the language used when nothing else decides.
const DefaultLang = "nl"

const (
	langParam  = "lang"
	langCookie = "lang"
	langMaxAge = 365 * 24 * 60 * 60
)

type langKey struct{}

// WithLang returns ctx carrying lang (for tests and for callers that know the
// user's language, such as a mail sender).
func WithLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, lang)
}

// Lang returns the language chosen for the request by LanguageMiddleware,
// or DefaultLang.
func Lang(ctx context.Context) string {
	if l, ok := ctx.Value(langKey{}).(string); ok && supported(l) {
		return l
	}
	return DefaultLang
}

// LanguageMiddleware chooses the language of each request and stores it for
// Lang. A GET or HEAD with ?lang=nl|en stores the choice in the lang cookie
// (SameSite=Lax, one year) and redirects to the same URL without the
// parameter. Otherwise the cookie decides, then Accept-Language, then Dutch.
func LanguageMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method == http.MethodGet || r.Method == http.MethodHead) && r.URL.Query().Has(langParam) {
			if l := r.URL.Query().Get(langParam); supported(l) {
				http.SetCookie(w, &http.Cookie{
					Name: langCookie, Value: l, Path: "/", MaxAge: langMaxAge,
					HttpOnly: true, Secure: isHTTPS(r), SameSite: http.SameSiteLaxMode,
				})
			}
			http.Redirect(w, r, localURL(r.URL.EscapedPath(), withoutParam(r.URL.RawQuery, langParam)), http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r.WithContext(WithLang(r.Context(), detectLang(r))))
	})
}

// requestLang is the language of r: the one LanguageMiddleware chose, or the
// same choice made here when the middleware did not run.
func requestLang(r *http.Request) string {
	if l, ok := r.Context().Value(langKey{}).(string); ok && supported(l) {
		return l
	}
	return detectLang(r)
}

// detectLang picks cookie, then Accept-Language, then the default.
func detectLang(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && supported(c.Value) {
		return c.Value
	}
	if l := fromAcceptLanguage(r.Header.Get("Accept-Language")); l != "" {
		return l
	}
	return DefaultLang
}

// fromAcceptLanguage returns the supported language with the highest weight
// in an Accept-Language header ("en-GB,en;q=0.9,nl;q=0.8"), or "".
func fromAcceptLanguage(h string) string {
	best, bestQ := "", 0.0
	for part := range strings.SplitSeq(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		if !supported(base) {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			q = f
		}
		if q > bestQ {
			best, bestQ = base, q
		}
	}
	return best
}

func supported(l string) bool { return slices.Contains(Languages, l) }

// isHTTPS reports whether the browser reached us over TLS, directly or
// through the load balancer. It only decides the cookie's Secure flag.
func isHTTPS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// withoutParam drops every occurrence of name from a raw query, keeping the
// order and encoding of the rest.
func withoutParam(rawQuery, name string) string {
	var keep []string
	for part := range strings.SplitSeq(rawQuery, "&") {
		if k, _, _ := strings.Cut(part, "="); part == "" || k == name {
			continue
		}
		keep = append(keep, part)
	}
	return strings.Join(keep, "&")
}

// localURL joins an escaped path and a raw query into a URL that can only
// point at this site: leading slashes and backslashes collapse to one, so
// "//evil.example" never becomes a protocol-relative redirect.
func localURL(escapedPath, rawQuery string) string {
	p := "/" + strings.TrimLeft(escapedPath, `/\`)
	if rawQuery != "" {
		p += "?" + rawQuery
	}
	return p
}
