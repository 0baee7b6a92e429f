package server

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// startRun runs s on a loopback listener until the returned cancel is called;
// the channel yields Run's result.
func startRun(t *testing.T, s *Server) (base string, cancel context.CancelFunc, done <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	result := make(chan error, 1)
	go func() { result <- s.Run(ctx, ln) }()
	return "http://" + ln.Addr().String(), cancel, result
}

// waitClosed waits until addr refuses connections: the shutdown has begun.
func waitClosed(t *testing.T, base string) {
	t.Helper()
	addr := strings.TrimPrefix(base, "http://")
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return
		}
		c.Close()
	}
	t.Fatal("listener still open after cancel")
}

func TestRunFinishesInFlightRequestsOnShutdown(t *testing.T) {
	s, logs := newTestServer(t, nil)
	started, release := make(chan struct{}), make(chan struct{})
	s.Mux().HandleFunc("GET /slow", func(w http.ResponseWriter, _ *http.Request) {
		close(started)
		<-release
		_, _ = w.Write([]byte("done"))
	})
	base, cancel, done := startRun(t, s)

	type reply struct {
		body string
		err  error
	}
	replies := make(chan reply, 1)
	go func() {
		resp, err := http.Get(base + "/slow")
		if err != nil {
			replies <- reply{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		replies <- reply{string(b), err}
	}()
	<-started
	cancel()
	waitClosed(t, base)
	close(release)

	if r := <-replies; r.err != nil || r.body != "done" {
		t.Fatalf("in-flight request: %q, %v", r.body, r.err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	logs.one(t, "http server stopped")
}

func TestRunGivesUpAfterTheShutdownTimeout(t *testing.T) {
	s, _ := newTestServer(t, func(o *Options) { o.Config.HTTP.ShutdownTimeout = 50 * time.Millisecond })
	started, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	s.Mux().HandleFunc("GET /stuck", func(http.ResponseWriter, *http.Request) {
		close(started)
		<-release
	})
	base, cancel, done := startRun(t, s)
	go func() {
		if resp, err := http.Get(base + "/stuck"); err == nil {
			resp.Body.Close()
		}
	}()
	<-started
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Run = %v, want the shutdown deadline", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after the shutdown timeout")
	}
}

func TestRunRefusesInvalidTrustedProxies(t *testing.T) {
	s, _ := newTestServer(t, func(o *Options) { o.Config.HTTP.TrustedProxies = []string{"10.0.0.300/8"} })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Run(t.Context(), ln); err == nil || !strings.Contains(err.Error(), "http.trusted_proxies") {
		t.Fatalf("Run = %v", err)
	}
}

func TestPanicBecomesALogged500(t *testing.T) {
	s, logs := newTestServer(t, func(o *Options) { o.Config.Issuer = "https://login.example.nl" })
	s.Mux().HandleFunc("GET /boom/{token}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Length", "999")
		panic("nil map in " + secretDetail)
	})
	rec := get(s, "/boom/tok-secret-4711")

	if rec.Code != 500 || strings.Contains(rec.Body.String(), secretDetail) {
		t.Fatalf("got %d %q", rec.Code, rec.Body.String())
	}
	id := rec.Header().Get(RequestIDHeader)
	if id == "" || rec.Header().Get("Strict-Transport-Security") == "" || rec.Header().Get("Content-Length") != "" {
		t.Errorf("panic response headers: %v", rec.Header())
	}
	if !strings.Contains(rec.Body.String(), id) {
		t.Error("panic page lacks the request id reference")
	}
	if strings.Contains(logs.String(), "tok-secret-4711") {
		t.Error("the path's token reached the log")
	}
	line := logs.one(t, "panic serving request")
	if line["level"] != "ERROR" || line["request_id"] != id || line["path"] != "/boom/{token}" ||
		!strings.Contains(line["err"].(string), secretDetail) || !strings.Contains(line["stack"].(string), "goroutine") {
		t.Errorf("panic log line: %v", line)
	}
}

func TestPanicAfterTheResponseStartedAbortsIt(t *testing.T) {
	s, logs := newTestServer(t, nil)
	s.Mux().HandleFunc("GET /half", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("half"))
		http.NewResponseController(w).Flush()
		panic("midway")
	})
	base, cancel, done := startRun(t, s)
	defer func() { cancel(); <-done }()

	resp, err := http.Get(base + "/half")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	// Without the abort the chunked body would end cleanly after "half".
	if b, err := io.ReadAll(resp.Body); err == nil {
		t.Fatalf("client read a complete response %q", b)
	}
	logs.one(t, "panic serving request")
}
