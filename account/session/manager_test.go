package session

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/memkv"
	"github.com/mijnaccount/mijnaccount/storage/rediskv"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func newManager(t *testing.T, kv storage.KV, now func() time.Time, secure bool) *Manager {
	t.Helper()
	m, err := NewManager(Options{KV: kv, HashKey: []byte(strings.Repeat("h", 32)), BlockKey: []byte(strings.Repeat("b", 32)), Secure: secure, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// browser carries cookies between requests like a browser would.
type browser struct{ cookies map[string]*http.Cookie }

func (b *browser) request() *http.Request {
	r := httptest.NewRequest("GET", "/", nil)
	for _, c := range b.cookies {
		r.AddCookie(c)
	}
	return r
}

func (b *browser) keep(w *httptest.ResponseRecorder) *http.Cookie {
	var last *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
			continue
		}
		b.cookies[c.Name] = c
		last = c
	}
	return last
}

func start(t *testing.T, m *Manager, b *browser, user string, stay bool) (Session, *http.Cookie) {
	t.Helper()
	w := httptest.NewRecorder()
	s, err := m.Start(context.Background(), w, b.request(), Session{UserID: user, OrgID: "org1", AMR: []string{"pwd", "otp"}, ACR: "aal2", StayLoggedIn: stay}, Policy{Idle: 30 * time.Minute, Absolute: 12 * time.Hour, StayLoggedIn: 30 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	return s, b.keep(w)
}

func TestSessionLifecycle(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	m := newManager(t, memkv.New(clk.Now), clk.Now, true)
	b := &browser{cookies: map[string]*http.Cookie{}}

	s, cookie := start(t, m, b, "u1", false)
	if !cookie.HttpOnly || !cookie.Secure || cookie.SameSite != http.SameSiteLaxMode || cookie.MaxAge != 0 {
		t.Errorf("cookie flags: %+v", cookie)
	}
	if strings.Contains(cookie.Value, s.Handle) {
		t.Error("the cookie must not carry the public handle in clear")
	}
	got, err := m.Current(b.request())
	if err != nil || got.Handle != s.Handle || got.UserID != "u1" || !got.HasAMR("otp") {
		t.Fatalf("current = %+v, %v", got, err)
	}

	t.Run("idle timeout ends it", func(t *testing.T) {
		clk.Advance(29 * time.Minute)
		if _, err := m.Current(b.request()); err != nil {
			t.Fatalf("still within idle time: %v", err)
		}
		clk.Advance(29 * time.Minute) // touched at 29m, so alive until 59m
		if _, err := m.Current(b.request()); err != nil {
			t.Fatalf("use extends the idle window: %v", err)
		}
		clk.Advance(31 * time.Minute)
		if _, err := m.Current(b.request()); !errors.Is(err, ErrNoSession) {
			t.Fatalf("after idle timeout: %v", err)
		}
	})

	t.Run("absolute expiry ends it despite use", func(t *testing.T) {
		start(t, m, b, "u1", false)
		for i := 0; i < 25; i++ {
			clk.Advance(29 * time.Minute)
			_, err := m.Current(b.request())
			if elapsed := time.Duration(i+1) * 29 * time.Minute; elapsed < 12*time.Hour && err != nil {
				t.Fatalf("at %v: %v", elapsed, err)
			} else if elapsed >= 12*time.Hour && !errors.Is(err, ErrNoSession) {
				t.Fatalf("at %v the session must be over, got %v", elapsed, err)
			}
		}
	})
}

func TestLoginRotatesTheSession(t *testing.T) {
	m := newManager(t, memkv.New(nil), nil, false)
	b := &browser{cookies: map[string]*http.Cookie{}}
	first, oldCookie := start(t, m, b, "u1", false)
	second, _ := start(t, m, b, "u1", false)
	if first.Handle == second.Handle {
		t.Fatal("a new login must get a new session")
	}
	replay := httptest.NewRequest("GET", "/", nil)
	replay.AddCookie(oldCookie)
	if _, err := m.Current(replay); !errors.Is(err, ErrNoSession) {
		t.Fatalf("the old cookie must be dead after rotation: %v", err)
	}
	list, _ := m.List(context.Background(), "u1")
	if len(list) != 1 || list[0].Handle != second.Handle {
		t.Fatalf("sessions = %+v", list)
	}
}

func TestForgedOrMissingCookieIsNoSession(t *testing.T) {
	m := newManager(t, memkv.New(nil), nil, false)
	for name, cookie := range map[string]*http.Cookie{
		"none":   nil,
		"forged": {Name: CookieName, Value: "MTcwMDAwMDAwMHxmb3JnZWR8"},
		"empty":  {Name: CookieName, Value: ""},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		if cookie != nil {
			r.AddCookie(cookie)
		}
		if _, err := m.Current(r); !errors.Is(err, ErrNoSession) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestRevokeListAndLogout(t *testing.T) {
	ctx := context.Background()
	m := newManager(t, memkv.New(nil), nil, false)
	var ended []string
	m.OnEnd(func(_ context.Context, s Session) { ended = append(ended, s.Handle) })
	laptop := &browser{cookies: map[string]*http.Cookie{}}
	phone := &browser{cookies: map[string]*http.Cookie{}}
	tablet := &browser{cookies: map[string]*http.Cookie{}}
	other := &browser{cookies: map[string]*http.Cookie{}}
	sl, _ := start(t, m, laptop, "u1", false)
	sp, _ := start(t, m, phone, "u1", false)
	start(t, m, tablet, "u1", false)
	so, _ := start(t, m, other, "u2", false)

	if err := m.Revoke(ctx, "u1", so.Handle); !errors.Is(err, ErrNoSession) {
		t.Fatalf("a user must not revoke another user's session: %v", err)
	}
	if _, err := m.Current(other.request()); err != nil {
		t.Fatal("the other user's session must survive")
	}
	if err := m.Revoke(ctx, "u1", sp.Handle); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Current(phone.request()); !errors.Is(err, ErrNoSession) {
		t.Fatalf("a revoked session is refused on the next request: %v", err)
	}
	n, err := m.RevokeAll(ctx, "u1", sl.Handle)
	if err != nil || n != 1 {
		t.Fatalf("revoke all others = %d, %v", n, err)
	}
	list, _ := m.List(ctx, "u1")
	if len(list) != 1 || list[0].Handle != sl.Handle {
		t.Fatalf("only the current session stays: %+v", list)
	}
	w := httptest.NewRecorder()
	if err := m.Logout(ctx, w, laptop.request()); err != nil {
		t.Fatal(err)
	}
	laptop.keep(w)
	if _, err := m.Current(laptop.request()); !errors.Is(err, ErrNoSession) {
		t.Fatal("logged out")
	}
	if len(ended) != 3 {
		t.Fatalf("OnEnd heard %d endings, want 3 (revoke, revoke-all, logout)", len(ended))
	}
}

func TestStoreDownIsAnErrorNotLoggedOut(t *testing.T) {
	kv, err := rediskv.Open(context.Background(), storagetest.RedisURL(), storagetest.RedisPrefix(t))
	if err != nil {
		t.Fatal(err)
	}
	m := newManager(t, kv, nil, false)
	b := &browser{cookies: map[string]*http.Cookie{}}
	start(t, m, b, "u1", false)
	down := newManager(t, rediskv.New(redisClientTo("127.0.0.1:1"), "x:"), nil, false)
	_, err = down.Current(b.request())
	if err == nil || errors.Is(err, ErrNoSession) {
		t.Fatalf("an unreachable store must surface as an error (fail closed), got %v", err)
	}
}

func TestDeviceAndNetwork(t *testing.T) {
	for ua, want := range map[string]string{
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36":   "Chrome op Android",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1": "Safari op iPhone",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0":                                    "Firefox op Windows",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 Edg/126.0":                   "Edge op Windows",
		"curl/8": "Onbekende browser op onbekend apparaat",
	} {
		if got := Device(ua); got != want {
			t.Errorf("Device(%q) = %q, want %q", ua, got, want)
		}
	}
	for ip, want := range map[string]string{"192.0.2.77": "192.0.2.0/24", "2001:db8:1:2::5": "2001:db8:1::/48", "::ffff:10.1.2.3": "10.1.2.0/24"} {
		if got := Network(netip.MustParseAddr(ip)); got != want {
			t.Errorf("Network(%s) = %q, want %q", ip, got, want)
		}
	}
}
