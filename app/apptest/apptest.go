// Package apptest runs the whole product in-process for tests: the app on a
// real backend (SQLite + memory, or PostgreSQL + Redis), an httptest server in
// front, a movable clock, and browsers with their own cookie jars that fill
// in forms the way a person would.
package apptest

import (
	"context"
	"log/slog"
	"net"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/config"
	"github.com/mijnaccount/mijnaccount/mail"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// Clock is a movable clock shared by every part of the app.
type Clock = storagetest.Clock

// Env is one running product.
type Env struct {
	mu      sync.Mutex
	secrets map[string]string // email → authenticator-app secret
	App     *app.App
	Server  *httptest.Server
	DataDir string
	Clock   *Clock
	logs    *logBuffer // every log line, see Logs
}

// Backends names the deployments tests run on.
var Backends = []string{"sqlite", "postgres"}

// New starts the product on backend ("sqlite": SQLite + memory store;
// "postgres": PostgreSQL + Redis, fresh database and key prefix). mutate may
// change the configuration first.
func New(t *testing.T, backend string, mutate ...func(*config.Config)) *Env {
	t.Helper()
	return NewWith(t, backend, app.Options{}, mutate...)
}

// NewWith is New with app options (the clock is always the Env's).
func NewWith(t *testing.T, backend string, opts app.Options, mutate ...func(*config.Config)) *Env {
	t.Helper()
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	cfg.Log.Level = "error"
	cfg.Password.ArgonMemoryKiB, cfg.Password.ArgonTime = 8192, 1 // fast hashing in tests
	if backend == "postgres" {
		cfg.Database.URL = storagetest.PostgresURL(t)
		cfg.Audit.DatabaseURL = storagetest.PostgresURL(t)
		cfg.Redis.URL = storagetest.RedisURL()
		cfg.Redis.Prefix = storagetest.RedisPrefix(t)
	}
	// The clock starts well before the wall clock: fosite refuses an auth_time
	// in its own (real) future, and tests move the clock forward by days.
	clock := storagetest.NewClock(time.Date(2026, 8, 3, 9, 0, 0, 0, time.UTC))
	srv := httptest.NewUnstartedServer(nil)
	cfg.Issuer = "http://localhost:" + strconv.Itoa(srv.Listener.Addr().(*net.TCPAddr).Port)
	for _, m := range mutate { // may change the issuer's host, not its port
		m(&cfg)
	}
	opts.Now = clock.Now
	logs := &logBuffer{}
	log := slog.New(slog.NewMultiHandler(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn}),
		slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	a, err := app.OpenWith(context.Background(), cfg, log, opts)
	if err != nil {
		t.Fatalf("open app on %s: %v", backend, err)
	}
	srv.Config.Handler = a.Server.Handler()
	srv.Start()
	t.Cleanup(func() {
		srv.Close()
		a.Close()
	})
	return &Env{App: a, Server: srv, DataDir: cfg.DataDir, Clock: clock, secrets: map[string]string{}, logs: logs}
}

// testLog sends log lines to the test's log, shown when the test fails.
type testLog struct{ t *testing.T }

func (w testLog) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// Mails returns the mails sent to addr, oldest first.
func (e *Env) Mails(t *testing.T, addr string) []mail.OutboxEntry {
	t.Helper()
	all, err := mail.ReadOutbox(mail.OutboxPath(e.DataDir))
	if err != nil {
		t.Fatal(err)
	}
	var out []mail.OutboxEntry
	for _, m := range all {
		if m.To == addr {
			out = append(out, m)
		}
	}
	return out
}

// OutboxFile is the path of the mail outbox.
func (e *Env) OutboxFile() string { return filepath.Join(e.DataDir, "outbox", "mail.jsonl") }
