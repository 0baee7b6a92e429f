package session

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/storage/memkv"
)

// use calls Current every step until the session is refused, and returns
// the last time since now at which it was still accepted.
func use(t *testing.T, m *Manager, clk *clock, b *browser, step time.Duration) time.Duration {
	t.Helper()
	lived := time.Duration(0)
	for at := step; at < 40*24*time.Hour; at += step {
		clk.Advance(step)
		if _, err := m.Current(b.request()); errors.Is(err, ErrNoSession) {
			return lived
		} else if err != nil {
			t.Fatal(err)
		}
		lived = at
	}
	return lived
}

func TestStayLoggedInEndsAtTheAAL2Limits(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	m := newManager(t, memkv.New(clk.Now), clk.Now, false)

	// The organisation asks 30 days; the user ticks "stay logged in".
	b := &browser{cookies: map[string]*http.Cookie{}}
	s, cookie := start(t, m, b, "u1", true)
	if cookie.MaxAge != int(MaxAbsolute.Seconds()) {
		t.Errorf("persistent cookie max-age %d, want %d (24h)", cookie.MaxAge, int(MaxAbsolute.Seconds()))
	}
	if s.Idle != 30*time.Minute || !s.Expires.Equal(clk.Now().Add(MaxAbsolute)) {
		t.Errorf("stay-logged-in session idle %v, expires %v", s.Idle, s.Expires)
	}
	if lived := use(t, m, clk, b, 20*time.Minute); lived >= MaxAbsolute {
		t.Errorf("a stay-logged-in session in constant use lived %v, not less than %v", lived, MaxAbsolute)
	} else if lived < MaxAbsolute-20*time.Minute {
		t.Errorf("a stay-logged-in session in use ended early, after %v", lived)
	}

	// Unused, it ends at the organisation's idle timeout like any other.
	b = &browser{cookies: map[string]*http.Cookie{}}
	start(t, m, b, "u1", true)
	clk.Advance(31 * time.Minute)
	if _, err := m.Current(b.request()); !errors.Is(err, ErrNoSession) {
		t.Errorf("a stay-logged-in session unused for 31 minutes: %v, want ErrNoSession", err)
	}
}

func TestPolicyBeyondAAL2IsClamped(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	m := newManager(t, memkv.New(clk.Now), clk.Now, false)
	pol := Policy{Idle: 3 * time.Hour, Absolute: 48 * time.Hour, StayLoggedIn: 90 * 24 * time.Hour}
	for _, stay := range []bool{false, true} {
		b := &browser{cookies: map[string]*http.Cookie{}}
		w := httptest.NewRecorder()
		if _, err := m.Start(context.Background(), w, b.request(), Session{UserID: "u1", ACR: "aal2", StayLoggedIn: stay}, pol); err != nil {
			t.Fatal(err)
		}
		b.keep(w)
		clk.Advance(MaxIdle + time.Minute)
		if _, err := m.Current(b.request()); !errors.Is(err, ErrNoSession) {
			t.Errorf("stay=%v: idle for %v: %v, want ErrNoSession", stay, MaxIdle+time.Minute, err)
		}

		b = &browser{cookies: map[string]*http.Cookie{}}
		w = httptest.NewRecorder()
		if _, err := m.Start(context.Background(), w, b.request(), Session{UserID: "u1", ACR: "aal2", StayLoggedIn: stay}, pol); err != nil {
			t.Fatal(err)
		}
		b.keep(w)
		if lived := use(t, m, clk, b, 50*time.Minute); lived >= MaxAbsolute {
			t.Errorf("stay=%v: a session in use lived %v, not less than %v", stay, lived, MaxAbsolute)
		}
	}
}

// A session stored before the limits applied (30 days absolute, 30 days
// idle, as "stay logged in" used to give) keeps only what they allow.
func TestStoredLongSessionEndsAtTheAAL2Limits(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	kv := memkv.New(clk.Now)
	m := newManager(t, kv, clk.Now, false)
	stretch := func(b *browser) Session {
		t.Helper()
		s, err := m.Current(b.request())
		if err != nil {
			t.Fatal(err)
		}
		raw, err := kv.Get(context.Background(), recordPrefix+s.Handle)
		if err != nil {
			t.Fatal(err)
		}
		var stored Session
		if err := json.Unmarshal(raw, &stored); err != nil {
			t.Fatal(err)
		}
		stored.Expires, stored.Idle = stored.CreatedAt.Add(30*24*time.Hour), 30*24*time.Hour
		raw, _ = json.Marshal(stored)
		if err := kv.Set(context.Background(), recordPrefix+s.Handle, raw, 31*24*time.Hour); err != nil {
			t.Fatal(err)
		}
		return stored
	}

	idle := &browser{cookies: map[string]*http.Cookie{}}
	start(t, m, idle, "u1", true)
	stretch(idle)
	clk.Advance(MaxIdle + time.Minute)
	if _, err := m.Current(idle.request()); !errors.Is(err, ErrNoSession) {
		t.Errorf("an old 30-day session idle for %v: %v, want ErrNoSession", MaxIdle+time.Minute, err)
	}

	busy := &browser{cookies: map[string]*http.Cookie{}}
	start(t, m, busy, "u2", true)
	stretch(busy)
	if lived := use(t, m, clk, busy, 50*time.Minute); lived >= MaxAbsolute {
		t.Errorf("an old 30-day session in use lived %v, not less than %v", lived, MaxAbsolute)
	}
	if list, err := m.List(context.Background(), "u2"); err != nil || len(list) != 0 {
		t.Errorf("the old session must no longer be listed: %v, %v", list, err)
	}
}

func TestRememberCookieHoldsTheAddressSealed(t *testing.T) {
	m := newManager(t, memkv.New(nil), nil, true)
	w := httptest.NewRecorder()
	if err := m.Remember(w, httptest.NewRequest("GET", "/", nil), "anna@korrel.example"); err != nil {
		t.Fatal(err)
	}
	c := w.Result().Cookies()[0]
	if c.Name != RememberCookie || !c.HttpOnly || !c.Secure || c.MaxAge != int(RememberFor.Seconds()) || strings.Contains(c.Value, "anna") {
		t.Fatalf("remember cookie %+v", c)
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.AddCookie(c)
	if got := m.Remembered(r); got != "anna@korrel.example" {
		t.Fatalf("Remembered = %q", got)
	}
	forged := httptest.NewRequest("GET", "/", nil)
	forged.AddCookie(&http.Cookie{Name: RememberCookie, Value: c.Value[:len(c.Value)-4] + "AAAA"})
	if got := m.Remembered(forged); got != "" {
		t.Fatalf("a forged cookie gave %q", got)
	}
	w = httptest.NewRecorder()
	m.Forget(w, r)
	if cs := w.Result().Cookies(); len(cs) != 1 || cs[0].MaxAge >= 0 {
		t.Fatalf("Forget must clear the cookie: %+v", cs)
	}
}
