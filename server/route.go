package server

import (
	"context"
	"net/http"
	"strings"
)

// route carries the ServeMux pattern that matched a request back out to the
// middleware around the mux. The mux sets Request.Pattern on the request it
// routes, which is a copy of the one outer middleware holds whenever a layer
// in between called WithContext; so the outermost layer puts a route in the
// context and the layer just around the mux fills it in.
type route struct{ pattern string }

type routeKey struct{}

// withRoute returns r carrying an empty route, and that route.
func withRoute(r *http.Request) (*http.Request, *route) {
	rt := &route{}
	return r.WithContext(context.WithValue(r.Context(), routeKey{}, rt)), rt
}

// recordRoute wraps the mux so that the matched pattern reaches the route in
// the context once the mux has routed, even when the handler panics.
func recordRoute(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt, ok := r.Context().Value(routeKey{}).(*route); ok {
			defer func() { rt.pattern = r.Pattern }()
		}
		mux.ServeHTTP(w, r)
	})
}

// patternOf returns the pattern that matched r, or "" when none did (yet).
func patternOf(r *http.Request) string {
	if r.Pattern != "" {
		return r.Pattern
	}
	if rt, ok := r.Context().Value(routeKey{}).(*route); ok {
		return rt.pattern
	}
	return ""
}

// logPath is r's path fit for a log line. Never the query string; and when
// the matched pattern has wildcards, the pattern's path instead of the real
// one, because wildcard values can be secrets (/invite/{token},
// /password/reset/{token}). A route that carries a secret in its path must
// therefore name it with a wildcard, not take it under a subtree pattern.
func logPath(r *http.Request) string {
	if p := patternPath(patternOf(r)); strings.Contains(strings.ReplaceAll(p, "{$}", ""), "{") {
		return p
	}
	return r.URL.Path
}

// patternPath strips the method and host from a ServeMux pattern
// ("GET example.org/a/{id}" → "/a/{id}"); neither can hold a slash.
func patternPath(pattern string) string {
	if i := strings.IndexByte(pattern, '/'); i >= 0 {
		return pattern[i:]
	}
	return ""
}
