package server

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestHealthzSaysTheProcessIsUp(t *testing.T) {
	s, _ := newTestServer(t, func(o *Options) {
		o.Checks = []Check{{Name: "database", Ping: func(context.Context) error { return errors.New("down") }}}
	})
	rec := get(s, "/healthz")
	if rec.Code != 200 || rec.Body.String() != "ok\n" {
		t.Fatalf("got %d %q; /healthz must not depend on checks", rec.Code, rec.Body.String())
	}
}

func TestReadyzNamesTheFailingCheck(t *testing.T) {
	ok := func(context.Context) error { return nil }
	refused := func(context.Context) error { return errors.New("dial tcp 10.1.2.3:6379: connection refused") }
	cases := []struct {
		name       string
		checks     []Check
		wantStatus int
		wantBody   string
		wantLogged []string // failing checks whose error must be in the log
	}{
		{"all reachable", []Check{{"database", ok}, {"kv", ok}},
			200, `{"status":"ok","checks":{"database":"ok","kv":"ok"}}`, nil},
		{"redis down", []Check{{"database", ok}, {"redis", refused}},
			503, `{"status":"unavailable","checks":{"database":"ok","redis":"unavailable"}}`, []string{"redis"}},
		{"everything down", []Check{{"database", refused}, {"redis", refused}},
			503, `{"status":"unavailable","checks":{"database":"unavailable","redis":"unavailable"}}`, []string{"database", "redis"}},
		{"no checks", nil, 200, `{"status":"ok","checks":{}}`, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, logs := newTestServer(t, func(o *Options) { o.Checks = tc.checks })
			rec := get(s, "/readyz")
			if rec.Code != tc.wantStatus || strings.TrimSpace(rec.Body.String()) != tc.wantBody {
				t.Fatalf("got %d %s, want %d %s", rec.Code, rec.Body.String(), tc.wantStatus, tc.wantBody)
			}
			if rec.Header().Get("Content-Type") != "application/json" {
				t.Errorf("Content-Type = %q", rec.Header().Get("Content-Type"))
			}
			lines := logs.records(t, "readiness check failed")
			if len(lines) != len(tc.wantLogged) {
				t.Fatalf("logged %d failures, want %d", len(lines), len(tc.wantLogged))
			}
			for _, line := range lines {
				if !strings.Contains(line["err"].(string), "connection refused") {
					t.Errorf("log line lacks the detail: %v", line)
				}
			}
		})
	}
}

func TestReadyzDoesNotWaitForAHangingCheck(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	logger, logs := testLogger()
	h := readyz(logger, []Check{
		{"database", func(context.Context) error { return nil }},
		{"redis", func(context.Context) error { <-release; return nil }}, // ignores its context
		{"audit", func(context.Context) error { panic("nil pool") }},
	}, 50*time.Millisecond)

	start := time.Now()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if d := time.Since(start); d > time.Second {
		t.Errorf("readyz took %v", d)
	}
	want := `{"status":"unavailable","checks":{"audit":"unavailable","database":"ok","redis":"unavailable"}}`
	if rec.Code != 503 || strings.TrimSpace(rec.Body.String()) != want {
		t.Fatalf("got %d %s", rec.Code, rec.Body.String())
	}
	if strings.Contains(rec.Body.String(), "nil pool") || !strings.Contains(logs.String(), "nil pool") {
		t.Error("the panic belongs in the log, not the body")
	}
}
