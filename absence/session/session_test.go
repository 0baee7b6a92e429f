package session

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/memkv"
	"github.com/mijnaccount/mijnaccount/storage/rediskv"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

type backend struct {
	name string
	open func(t *testing.T, now func() time.Time) storage.KV
}

func backends() []backend {
	return []backend{
		{"memory", func(t *testing.T, now func() time.Time) storage.KV { return memkv.New(now) }},
		{"redis", func(t *testing.T, _ func() time.Time) storage.KV {
			kv, err := rediskv.Open(context.Background(), storagetest.RedisURL(), storagetest.RedisPrefix(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { kv.Close() })
			return kv
		}},
	}
}

// start logs a session in and returns the request that carries its cookie.
// start starts s, logged in at the provider just now unless s says when.
func start(t *testing.T, m *Manager, s Session) *http.Request {
	t.Helper()
	if s.AuthTime.IsZero() {
		s.AuthTime = m.opts.Now()
	}
	w := httptest.NewRecorder()
	if _, err := m.Start(context.Background(), w, s); err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("GET", "/", nil)
	for _, c := range w.Result().Cookies() {
		r.AddCookie(c)
	}
	return r
}

func TestStartLoadEnd(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			clock := storagetest.NewClock(time.Now())
			m := New(b.open(t, clock.Now), Options{Now: clock.Now})
			r := start(t, m, Session{Subject: "user-1", Org: "org-1", Domain: "werkgever", Roles: []string{"hr"}, SID: "sid-1", IDToken: "x.y.z"})
			c, _ := r.Cookie(CookieName)
			if len(c.Value) < 40 || strings.Contains(c.Value, "user-1") {
				t.Fatalf("cookie value %q", c.Value)
			}
			s, ok, err := m.Load(context.Background(), r)
			if err != nil || !ok || s.Subject != "user-1" || s.Roles[0] != "hr" || s.IDToken != "x.y.z" {
				t.Fatalf("Load: %+v %v %v", s, ok, err)
			}
			w := httptest.NewRecorder()
			ended, ok, err := m.End(context.Background(), w, r)
			if err != nil || !ok || ended.SID != "sid-1" {
				t.Fatalf("End: %+v %v %v", ended, ok, err)
			}
			if got := w.Result().Cookies(); len(got) != 1 || got[0].MaxAge >= 0 {
				t.Fatalf("cookie not cleared: %+v", got)
			}
			if _, ok, _ := m.Load(context.Background(), r); ok {
				t.Fatal("session still there after End")
			}
			if _, ok, _ := m.Load(context.Background(), httptest.NewRequest("GET", "/", nil)); ok {
				t.Fatal("session without cookie")
			}
			forged := httptest.NewRequest("GET", "/", nil)
			forged.AddCookie(&http.Cookie{Name: CookieName, Value: "guess"})
			if _, ok, _ := m.Load(context.Background(), forged); ok {
				t.Fatal("session for a guessed cookie")
			}
		})
	}
}

func TestEndSIDEndsOnlyThatSession(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			m := New(b.open(t, time.Now), Options{})
			a1 := start(t, m, Session{Subject: "user-1", SID: "sid-a"})
			a2 := start(t, m, Session{Subject: "user-1", SID: "sid-a"}) // second tab or device, same IdP session
			other := start(t, m, Session{Subject: "user-1", SID: "sid-b"})
			n, err := m.EndSID(context.Background(), "sid-a")
			if err != nil || n != 2 {
				t.Fatalf("EndSID: %d %v", n, err)
			}
			for _, r := range []*http.Request{a1, a2} {
				if _, ok, _ := m.Load(context.Background(), r); ok {
					t.Fatal("session of the ended sid still live")
				}
			}
			if _, ok, _ := m.Load(context.Background(), other); !ok {
				t.Fatal("another sid's session ended")
			}
			if n, err := m.EndSID(context.Background(), "sid-a"); err != nil || n != 0 {
				t.Fatalf("EndSID again: %d %v", n, err)
			}
			if n, err := m.EndSubject(context.Background(), "user-1"); err != nil || n != 1 {
				t.Fatalf("EndSubject: %d %v", n, err)
			}
			if _, ok, _ := m.Load(context.Background(), other); ok {
				t.Fatal("session live after EndSubject")
			}
		})
	}
}

func TestIdleAndAbsoluteTimeouts(t *testing.T) {
	clock := storagetest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	m := New(memkv.New(clock.Now), Options{Now: clock.Now, Idle: 30 * time.Minute, Absolute: time.Hour})
	r := start(t, m, Session{Subject: "user-1", SID: "sid-1"})
	clock.Advance(20 * time.Minute)
	if _, ok, _ := m.Load(context.Background(), r); !ok {
		t.Fatal("expired within the idle time")
	}
	clock.Advance(20 * time.Minute) // 40 minutes in, 20 since the last use
	if _, ok, _ := m.Load(context.Background(), r); !ok {
		t.Fatal("the idle timeout did not slide")
	}
	clock.Advance(21 * time.Minute) // past the absolute hour
	if _, ok, _ := m.Load(context.Background(), r); ok {
		t.Fatal("live past the absolute lifetime")
	}

	r = start(t, m, Session{Subject: "user-1"})
	clock.Advance(31 * time.Minute)
	if _, ok, _ := m.Load(context.Background(), r); ok {
		t.Fatal("live past the idle timeout")
	}
}

func TestSecureCookie(t *testing.T) {
	m := New(memkv.New(nil), Options{Secure: true})
	w := httptest.NewRecorder()
	if _, err := m.Start(context.Background(), w, Session{Subject: "u", AuthTime: time.Now()}); err != nil {
		t.Fatal(err)
	}
	c := w.Result().Cookies()[0]
	if c.Name != "__Host-absence_session" || !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" {
		t.Fatalf("cookie %+v", c)
	}
}
