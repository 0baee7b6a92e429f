package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
)

// DefaultContentSecurityPolicy allows only the server's own scripts, styles,
// images (and data: images such as TOTP QR codes), no framing, no <base>,
// and form submissions to the server itself.
//
// form-action 'self' is too strict once relying parties exist: Chromium
// applies form-action to every redirect that follows a form POST, so the
// login POST → /oauth2/auth → 303 to a relying party's redirect_uri is
// blocked. Build the production policy with [ContentSecurityPolicy], passing
// the origins of the registered redirect URIs, and set it in
// Options.ContentSecurityPolicy.
const DefaultContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
	"frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// ContentSecurityPolicy returns the default policy with form-action also
// allowing formActionOrigins (such as "https://rp.example.nl"). It refuses
// anything that is not a plain http(s) origin, so a stored value cannot
// inject directives.
func ContentSecurityPolicy(formActionOrigins ...string) (string, error) {
	csp := DefaultContentSecurityPolicy
	for _, o := range formActionOrigins {
		if !plainOrigin(o) {
			return "", fmt.Errorf("form-action source %q: not an http(s) origin", o)
		}
		csp += " " + o
	}
	return csp, nil
}

// withFormActions adds the origins the callback gives to form-action; a
// failing callback or an origin that is not plain leaves the policy as is.
func withFormActions(ctx context.Context, csp string, origins func(context.Context) ([]string, error), log *slog.Logger) string {
	if origins == nil {
		return csp
	}
	list, err := origins(ctx)
	if err != nil {
		log.Warn("form-action origins unavailable; strict policy kept", "err", err)
		return csp
	}
	for _, o := range list {
		if plainOrigin(o) {
			csp += " " + o
		}
	}
	return csp
}

func plainOrigin(o string) bool {
	u, err := url.Parse(o)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil && u.Path == "" &&
		u.RawQuery == "" && u.Fragment == "" && !strings.ContainsAny(o, " \t\r\n;,'\"")
}

// permissionsPolicy turns off powerful features the pages never use.
// publickey-credentials-get/-create (WebAuthn) keep their default, self.
const permissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"

// securityHeaders sets the security headers on every response before the
// handler runs, so a handler may still override one (Cache-Control for a
// static asset, say). HSTS is sent only when the server is reached over
// HTTPS: over plain HTTP a browser ignores it, and a development instance on
// localhost must not pin HTTPS for the whole host.
func securityHeaders(csp string, origins func(context.Context) ([]string, error), https bool, log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Security-Policy", withFormActions(r.Context(), csp, origins, log))
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "no-referrer")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			h.Set("Permissions-Policy", permissionsPolicy)
			h.Set("Cache-Control", "no-store")
			if https {
				h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
			}
			next.ServeHTTP(w, r)
		})
	}
}
