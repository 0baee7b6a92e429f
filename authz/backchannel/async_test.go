package backchannel_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// logBuffer collects JSON log lines; it is safe for concurrent use.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// lines returns the logged lines by client id (one each is expected).
func (b *logBuffer) lines(t *testing.T) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		id, _ := m["client_id"].(string)
		if _, dup := out[id]; dup {
			t.Fatalf("two log lines for client %q:\n%s", id, b)
		}
		out[id] = m
	}
	return out
}

// wantLine checks the logged line of a client.
func wantLine(t *testing.T, lines map[string]map[string]any, id, level string, status, attempts int) {
	t.Helper()
	m, ok := lines[id]
	if !ok {
		t.Fatalf("no log line for %s in %v", id, lines)
	}
	if m["level"] != level || m["status"] != float64(status) || m["attempts"] != float64(attempts) {
		t.Errorf("log line for %s = %v, want level %s, status %d, attempts %d", id, m, level, status, attempts)
	}
}

// wantNoPersonalData fails if the log holds the subject, the sid or a token.
func wantNoPersonalData(t *testing.T, log string, tokens ...string) {
	t.Helper()
	for _, secret := range append([]string{subject, sid}, tokens...) {
		if strings.Contains(log, secret) {
			t.Fatalf("log contains %q:\n%s", secret, log)
		}
	}
}

// TestNotifyAsyncOutlivesRequest: the request context is cancelled while the
// POST is in flight, and the notification still completes and is logged.
func TestNotifyAsyncOutlivesRequest(t *testing.T) {
	k := newTestKey(t)
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	ok := newRP(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-release
		w.WriteHeader(http.StatusOK)
	})
	bad := newRP(t, answer(400))
	var logs logBuffer
	n := newNotifier(k.signer(), &targets{clients: []oauthstore.Client{ok.client("web"), bad.client("portal")}})
	n.Log = logs.logger()

	reqCtx, cancel := context.WithCancel(t.Context())
	n.NotifyAsync(reqCtx, subject, sid)
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the relying party was not called")
	}
	cancel()
	close(release)
	n.Wait()

	lines := logs.lines(t)
	if len(lines) != 2 {
		t.Fatalf("%d log lines, want 2:\n%s", len(lines), logs.String())
	}
	wantLine(t, lines, "web", "INFO", 200, 1)
	wantLine(t, lines, "portal", "WARN", 400, 1)
	if len(ok.received()) != 1 || len(bad.received()) != 1 {
		t.Fatalf("requests: %d and %d, want one each", len(ok.received()), len(bad.received()))
	}
	wantNoPersonalData(t, logs.String(), append(ok.tokens(t), bad.tokens(t)...)...)
}

// TestNotifyAsyncAfterCancel: a request context that is already cancelled
// does not stop the notification.
func TestNotifyAsyncAfterCancel(t *testing.T) {
	k := newTestKey(t)
	p := newRP(t, answer(204))
	var logs logBuffer
	n := newNotifier(k.signer(), &targets{clients: []oauthstore.Client{p.client("web")}})
	n.Log = logs.logger()
	reqCtx, cancel := context.WithCancel(t.Context())
	cancel()
	n.NotifyAsync(reqCtx, subject, sid)
	n.Wait()
	wantLine(t, logs.lines(t), "web", "INFO", 204, 1)
	tokens := p.tokens(t)
	if len(tokens) != 1 {
		t.Fatalf("%d requests, want 1", len(tokens))
	}
	checkToken(t, k, tokens[0], "web", subject, sid)
	wantNoPersonalData(t, logs.String(), tokens...)
}

// TestNotifyAsyncTimeout: AsyncTimeout bounds the whole notification, even
// with an HTTP client that would wait much longer.
func TestNotifyAsyncTimeout(t *testing.T) {
	k := newTestKey(t)
	release := make(chan struct{})
	p := newRP(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	t.Cleanup(func() { close(release) })
	var logs logBuffer
	n := newNotifier(k.signer(), &targets{clients: []oauthstore.Client{p.client("web")}})
	n.Log = logs.logger()
	n.HTTPClient = &http.Client{Timeout: time.Minute}
	n.AsyncTimeout = 100 * time.Millisecond

	start := time.Now()
	n.NotifyAsync(t.Context(), subject, sid)
	n.Wait()
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Fatalf("NotifyAsync took %v", elapsed)
	}
	lines := logs.lines(t)
	wantLine(t, lines, "web", "WARN", 0, 1)
	if e, _ := lines["web"]["error"].(string); !strings.Contains(e, context.DeadlineExceeded.Error()) {
		t.Errorf("error logged = %q, want a deadline", e)
	}
}

func TestNotifyAsyncLogsTargetsError(t *testing.T) {
	k := newTestKey(t)
	var logs logBuffer
	n := newNotifier(k.signer(), &targets{err: errors.New("database down")})
	n.Log = logs.logger()
	n.NotifyAsync(t.Context(), subject, sid)
	n.Wait()
	lines := logs.lines(t)
	m, ok := lines[""]
	if len(lines) != 1 || !ok || m["level"] != "ERROR" || !strings.Contains(m["error"].(string), "database down") {
		t.Fatalf("log = %s, want one error line", logs.String())
	}
	wantNoPersonalData(t, logs.String())
}
