package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	cases := []struct {
		name      string
		issuer    string
		path      string
		wantHSTS  bool
		wantCache string
	}{
		{"page over https gets HSTS", "https://login.example.nl", "/page", true, "no-store"},
		{"error over https gets HSTS", "https://login.example.nl", "/missing", true, "no-store"},
		{"development over http gets no HSTS", "http://localhost:8080", "/page", false, "no-store"},
		{"handler may override Cache-Control", "https://login.example.nl", "/static/app.css", true, "public, max-age=3600"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newTestServer(t, func(o *Options) { o.Config.Issuer = tc.issuer })
			s.Mux().HandleFunc("GET /page", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("hi")) })
			s.Mux().HandleFunc("GET /static/app.css", func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Cache-Control", "public, max-age=3600")
			})
			h := get(s, tc.path).Header()

			want := map[string]string{
				"Content-Security-Policy":    DefaultContentSecurityPolicy,
				"X-Content-Type-Options":     "nosniff",
				"X-Frame-Options":            "DENY",
				"Referrer-Policy":            "no-referrer",
				"Cross-Origin-Opener-Policy": "same-origin",
				"Permissions-Policy":         permissionsPolicy,
				"Cache-Control":              tc.wantCache,
			}
			for k, v := range want {
				if got := h.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			hsts := h.Get("Strict-Transport-Security")
			if tc.wantHSTS && hsts != "max-age=63072000; includeSubDomains" {
				t.Errorf("HSTS = %q", hsts)
			}
			if !tc.wantHSTS && hsts != "" {
				t.Errorf("HSTS sent over http: %q", hsts)
			}
		})
	}
}

func TestContentSecurityPolicyIsConfigurable(t *testing.T) {
	csp, err := ContentSecurityPolicy("https://verzuim.example.nl", "http://localhost:8081")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(csp, "form-action 'self' https://verzuim.example.nl http://localhost:8081") {
		t.Errorf("csp = %q", csp)
	}
	s, _ := newTestServer(t, func(o *Options) { o.ContentSecurityPolicy = csp })
	if got := get(s, "/healthz").Header().Get("Content-Security-Policy"); got != csp {
		t.Errorf("served CSP = %q", got)
	}
	if def, _ := ContentSecurityPolicy(); def != DefaultContentSecurityPolicy {
		t.Errorf("no origins = %q, want the default", def)
	}
	for _, bad := range []string{
		"https://rp.example.nl/callback",
		"https://rp.example.nl; script-src *",
		"'unsafe-inline'",
		"javascript:alert(1)",
		"https://user@rp.example.nl",
		"*",
	} {
		if _, err := ContentSecurityPolicy(bad); err == nil {
			t.Errorf("ContentSecurityPolicy(%q) accepted", bad)
		}
	}
}

// TestFormActionOriginsPerRequest: origins from the callback join
// form-action on every response; odd values are dropped and a failing
// callback keeps the strict policy.
func TestFormActionOriginsPerRequest(t *testing.T) {
	origins := []string{"https://verzuim.example.nl", "https://rp.example.nl; script-src *", "http://127.0.0.1:9000"}
	var fail error
	s, _ := newTestServer(t, func(o *Options) {
		o.FormActionOrigins = func(context.Context) ([]string, error) { return origins, fail }
	})
	got := get(s, "/healthz").Header().Get("Content-Security-Policy")
	if !strings.HasSuffix(got, "form-action 'self' https://verzuim.example.nl http://127.0.0.1:9000") {
		t.Errorf("csp = %q", got)
	}
	origins = append(origins, "https://new.example.nl")
	if got := get(s, "/healthz").Header().Get("Content-Security-Policy"); !strings.HasSuffix(got, " https://new.example.nl") {
		t.Errorf("a new origin is not picked up: %q", got)
	}
	fail = errors.New("database down")
	if got := get(s, "/healthz").Header().Get("Content-Security-Policy"); got != DefaultContentSecurityPolicy {
		t.Errorf("with a failing source the policy must stay strict, got %q", got)
	}
}
