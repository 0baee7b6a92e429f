package server

import "net/http"

// crossOriginProtection refuses unsafe (non GET/HEAD/OPTIONS) requests that a
// browser sent from another origin, with a 403 through the error mapper. It
// uses Go's http.CrossOriginProtection: Sec-Fetch-Site, or for old browsers
// Origin against Host (so a proxy must pass the Host header on unchanged).
// Requests with neither header are not from a browser and pass.
//
// Exempt server-to-server endpoints (token, revocation, introspection,
// webhooks, back-channel logout) with AddInsecureBypassPattern on
// [Server.CrossOriginProtection], and allow other origins of our own with
// AddTrustedOrigin.
func crossOriginProtection(cop *http.CrossOriginProtection) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := cop.Check(r); err != nil {
				WriteError(w, r, Forbidden("cross_origin_request", err))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
