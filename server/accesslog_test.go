package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAccessLogLeavesOutSecrets(t *testing.T) {
	cases := []struct {
		name     string
		target   string
		secret   string
		wantPath string
	}{
		{"query string is never logged", "/callback?code=secret-code-4711&state=xyz", "secret-code-4711", "/callback"},
		{"wildcard values are logged as the pattern", "/invite/tok-secret-4711", "tok-secret-4711", "/invite/{token}"},
		{"failed request logs the pattern too", "/password/reset/tok-secret-4711?x=1", "tok-secret-4711", "/password/reset/{token}"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, logs := newTestServer(t, nil)
			s.Mux().HandleFunc("GET /callback", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("welcome")) })
			s.Mux().HandleFunc("GET /invite/{token}", func(http.ResponseWriter, *http.Request) {})
			s.Mux().Handle("GET /password/reset/{token}", Handle(func(http.ResponseWriter, *http.Request) error {
				return NotFound("reset_token_unknown", nil)
			}))
			req := httptest.NewRequest(http.MethodGet, tc.target, nil)
			req.Header.Set("Cookie", "session=cookie-secret-4711")
			req.Header.Set("Authorization", "Bearer bearer-secret-4711")
			rec := serve(s, req)

			out := logs.String()
			for _, secret := range []string{tc.secret, "cookie-secret-4711", "bearer-secret-4711", "203.0.113", "192.0.2.1"} {
				if strings.Contains(out, secret) {
					t.Errorf("log contains %q:\n%s", secret, out)
				}
			}
			line := logs.one(t, "http request")
			for k, want := range map[string]any{
				"level": "INFO", "method": "GET", "path": tc.wantPath, "status": float64(rec.Code),
				"bytes": float64(rec.Body.Len()), "request_id": rec.Header().Get(RequestIDHeader),
			} {
				if line[k] != want {
					t.Errorf("%s = %v, want %v", k, line[k], want)
				}
			}
			if _, ok := line["duration_ms"].(float64); !ok {
				t.Errorf("duration_ms missing: %v", line)
			}
		})
	}
}

func TestProbesAreLoggedAtDebug(t *testing.T) {
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		s, logs := newTestServer(t, nil)
		get(s, path)
		if lvl := logs.one(t, "http request")["level"]; lvl != "DEBUG" {
			t.Errorf("%s logged at %v", path, lvl)
		}
	}
}
