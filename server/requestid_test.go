package server

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func TestRequestIDIsTakenOnlyFromATrustedProxy(t *testing.T) {
	generated := regexp.MustCompile(`^[0-9a-f]{32}$`)
	cases := []struct {
		name     string
		peer     string
		incoming string
		keep     bool // want the incoming id, else a generated one
	}{
		{"generated when none comes in", directClient, "", false},
		{"kept from a trusted proxy", trustedProxy, "lb-7f3a.9_Z", true},
		{"ignored from an untrusted peer", directClient, "lb-7f3a.9_Z", false},
		{"too short from a trusted proxy is replaced", trustedProxy, "abc", false},
		{"too long from a trusted proxy is replaced", trustedProxy, strings.Repeat("a", 65), false},
		{"log injection from a trusted proxy is replaced", trustedProxy, "abcdefgh\" level=ERROR", false},
		{"markup from a trusted proxy is replaced", trustedProxy, "<script>alert(1)</script>", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newTestServer(t, nil)
			var seen string
			s.Mux().HandleFunc("GET /id", func(_ http.ResponseWriter, r *http.Request) { seen = RequestID(r.Context()) })
			req := httptest.NewRequest(http.MethodGet, "/id", nil)
			req.RemoteAddr = tc.peer
			if tc.incoming != "" {
				req.Header.Set(RequestIDHeader, tc.incoming)
			}
			rec := serve(s, req)

			got := rec.Header().Get(RequestIDHeader)
			if seen != got {
				t.Errorf("handler saw %q, response header says %q", seen, got)
			}
			if tc.keep && got != tc.incoming {
				t.Errorf("id = %q, want the incoming %q", got, tc.incoming)
			}
			if !tc.keep && !generated.MatchString(got) {
				t.Errorf("id = %q, want 32 generated hex characters", got)
			}
		})
	}
}

func TestRequestIDsDiffer(t *testing.T) {
	s, _ := newTestServer(t, nil)
	a, b := get(s, "/healthz").Header().Get(RequestIDHeader), get(s, "/healthz").Header().Get(RequestIDHeader)
	if a == b {
		t.Fatalf("two requests got the same id %q", a)
	}
}
