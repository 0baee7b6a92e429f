package server

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/mijnaccount/mijnaccount/config"
)

// logBuffer collects JSON log lines; safe for the server's goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// records returns the lines whose msg is msg.
func (l *logBuffer) records(t *testing.T, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(l.String()), "\n") {
		if line == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

// one returns the single line whose msg is msg.
func (l *logBuffer) one(t *testing.T, msg string) map[string]any {
	t.Helper()
	recs := l.records(t, msg)
	if len(recs) != 1 {
		t.Fatalf("want one %q log line, got %d in:\n%s", msg, len(recs), l.String())
	}
	return recs[0]
}

func testLogger() (*slog.Logger, *logBuffer) {
	lb := &logBuffer{}
	return slog.New(slog.NewJSONHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug})), lb
}

// trustedProxy is inside the test configuration's trusted proxies; other
// addresses are not.
const (
	trustedProxy = "10.0.0.5:4711"
	directClient = "192.0.2.1:1234"
)

// newTestServer returns a server on the default configuration with
// 10.0.0.0/8 as trusted proxies, logging JSON at debug level. edit may change
// the options first.
func newTestServer(t *testing.T, edit func(*Options)) (*Server, *logBuffer) {
	t.Helper()
	logger, lb := testLogger()
	cfg := config.Defaults()
	cfg.HTTP.TrustedProxies = []string{"10.0.0.0/8"}
	o := Options{Config: cfg, Logger: logger}
	if edit != nil {
		edit(&o)
	}
	return New(o), lb
}

// serve sends req through the server's whole handler chain.
func serve(s *Server, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return rec
}

func get(s *Server, target string) *httptest.ResponseRecorder {
	return serve(s, httptest.NewRequest(http.MethodGet, target, nil))
}
