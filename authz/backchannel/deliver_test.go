package backchannel_test

import (
	"errors"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/authz/backchannel"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// notifyOne notifies the single client of p and returns its result.
func notifyOne(t *testing.T, n *backchannel.Notifier) backchannel.Result {
	t.Helper()
	results, err := n.Notify(t.Context(), subject, sid)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 1 || results[0].ClientID != "web" {
		t.Fatalf("results = %+v, want one for web", results)
	}
	return results[0]
}

func TestNotifyRetriesServerErrors(t *testing.T) {
	k := newTestKey(t)
	p := newRP(t, answer(500, 200))
	res := notifyOne(t, newNotifier(k.signer(), &targets{clients: []oauthstore.Client{p.client("web")}}))
	if res.Err != nil || res.Status != 200 || res.Attempts != 2 {
		t.Fatalf("result = %+v, want success at the second attempt", res)
	}
	tokens := p.tokens(t)
	if len(tokens) != 2 {
		t.Fatalf("%d requests, want 2", len(tokens))
	}
	first, second := checkToken(t, k, tokens[0], "web", subject, sid), checkToken(t, k, tokens[1], "web", subject, sid)
	if first != second {
		t.Errorf("a retry sent a new token (jti %q, then %q); it is the same logout event", first, second)
	}
}

func TestNotifyGivesUpAfterAttempts(t *testing.T) {
	k := newTestKey(t)
	p := newRP(t, answer(503))
	res := notifyOne(t, newNotifier(k.signer(), &targets{clients: []oauthstore.Client{p.client("web")}}))
	if !errors.Is(res.Err, backchannel.ErrStatus) || res.Status != 503 || res.Attempts != backchannel.DefaultAttempts {
		t.Fatalf("result = %+v, want ErrStatus 503 after %d attempts", res, backchannel.DefaultAttempts)
	}
	if got := len(p.received()); got != backchannel.DefaultAttempts {
		t.Fatalf("%d requests, want %d", got, backchannel.DefaultAttempts)
	}
}

func TestNotifyDoesNotRetryOtherAnswers(t *testing.T) {
	for _, code := range []int{400, 401, 404, 201} {
		k := newTestKey(t)
		p := newRP(t, answer(code, 200))
		res := notifyOne(t, newNotifier(k.signer(), &targets{clients: []oauthstore.Client{p.client("web")}}))
		if !errors.Is(res.Err, backchannel.ErrStatus) || res.Status != code || res.Attempts != 1 {
			t.Errorf("answer %d: result = %+v, want ErrStatus %d after one attempt", code, res, code)
		}
		if got := len(p.received()); got != 1 {
			t.Errorf("answer %d: %d requests, want 1", code, got)
		}
	}
}

func TestNotifyRedirectIsFailure(t *testing.T) {
	for _, tc := range []struct {
		name   string
		code   int
		client *http.Client
	}{
		{"302 default client", http.StatusFound, nil},
		{"307 default client", http.StatusTemporaryRedirect, nil},
		{"308 client that follows redirects", http.StatusPermanentRedirect, &http.Client{Timeout: 5 * time.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := newTestKey(t)
			target := newRP(t, answer(200))
			p := newRP(t, func(_ int, w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, target.srv.URL+"/elsewhere", tc.code)
			})
			n := newNotifier(k.signer(), &targets{clients: []oauthstore.Client{p.client("web")}})
			n.HTTPClient = tc.client
			res := notifyOne(t, n)
			if !errors.Is(res.Err, backchannel.ErrRedirect) || res.Status != tc.code || res.Attempts != 1 {
				t.Fatalf("result = %+v, want ErrRedirect %d after one attempt", res, tc.code)
			}
			if got := len(target.received()); got != 0 {
				t.Fatalf("the redirect target was called %d times", got)
			}
		})
	}
}

func TestNotifyTimesOutHangingEndpoint(t *testing.T) {
	k := newTestKey(t)
	release := make(chan struct{})
	hanging := newRP(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	t.Cleanup(func() { close(release) }) // runs before the server closes
	fast := newRP(t, answer(204))
	n := newNotifier(k.signer(), &targets{clients: []oauthstore.Client{hanging.client("slow"), fast.client("web")}})
	n.HTTPClient = &http.Client{Timeout: 100 * time.Millisecond}
	n.Attempts = 2

	start := time.Now()
	results, err := n.Notify(t.Context(), subject, sid)
	if err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Fatalf("Notify took %v", elapsed)
	}
	slow := results[0]
	var ne net.Error
	if slow.ClientID != "slow" || !errors.As(slow.Err, &ne) || !ne.Timeout() || slow.Status != 0 || slow.Attempts != 2 {
		t.Fatalf("hanging endpoint: result = %+v, want a timeout after two attempts", slow)
	}
	if got := len(hanging.received()); got != 2 {
		t.Fatalf("hanging endpoint got %d requests, want 2", got)
	}
	if r := results[1]; r.ClientID != "web" || r.Err != nil || r.Status != 204 {
		t.Fatalf("other client: result = %+v, want success", r)
	}
}

// TestNotifyBoundsConcurrency: clients are notified in parallel, at most 8
// at once. Requests are held until 8 are in flight, and then for a grace
// period in which a notifier without a bound would send more; a notifier
// sending fewer at once is released by the fallback timer, and fails.
func TestNotifyBoundsConcurrency(t *testing.T) {
	const clients, limit = 20, 8
	k := newTestKey(t)
	var (
		mu             sync.Mutex
		inFlight, most int
		gate           = make(chan struct{})
		once           sync.Once
	)
	open := func() { once.Do(func() { close(gate) }) }
	fallback := time.AfterFunc(3*time.Second, open)
	defer fallback.Stop()
	p := newRP(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		switch {
		case inFlight > limit:
			open()
		case inFlight == limit:
			time.AfterFunc(100*time.Millisecond, open)
		}
		mu.Unlock()
		<-gate
		mu.Lock()
		inFlight--
		mu.Unlock()
		w.WriteHeader(http.StatusOK)
	})
	var list []oauthstore.Client
	for i := range clients {
		list = append(list, p.client(string(rune('a'+i))))
	}
	results, err := newNotifier(k.signer(), &targets{clients: list}).Notify(t.Context(), subject, sid)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range results {
		if r.Err != nil || r.ClientID != list[i].ID {
			t.Fatalf("result %d = %+v", i, r)
		}
	}
	if len(results) != clients || len(p.received()) != clients {
		t.Fatalf("%d results and %d requests, want %d", len(results), len(p.received()), clients)
	}
	mu.Lock()
	defer mu.Unlock()
	if most != limit {
		t.Fatalf("at most %d requests were in flight at once, want %d", most, limit)
	}
}

func TestNotifyInvalidURIIsNotRetried(t *testing.T) {
	k := newTestKey(t)
	bad := oauthstore.Client{ID: "web", Name: "web", BackchannelLogoutURI: "https://[::1"}
	res := notifyOne(t, newNotifier(k.signer(), &targets{clients: []oauthstore.Client{bad}}))
	if res.Err == nil || res.Status != 0 || res.Attempts != 1 {
		t.Fatalf("result = %+v, want a failure after one attempt", res)
	}
}
