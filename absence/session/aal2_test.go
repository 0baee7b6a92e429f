package session

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/storage/memkv"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// A session counts its absolute lifetime from the login at the provider:
// one started on a login 7 hours old ends an hour later, not 8.
func TestAbsoluteLifetimeCountsFromTheLoginAtTheProvider(t *testing.T) {
	clock := storagetest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	m := New(memkv.New(clock.Now), Options{Now: clock.Now, Idle: 30 * time.Minute, Absolute: 8 * time.Hour})
	r := start(t, m, Session{Subject: "user-1", SID: "sid-1", AuthTime: clock.Now().Add(-7 * time.Hour)})
	for range 2 {
		clock.Advance(25 * time.Minute)
		if _, ok, err := m.Load(context.Background(), r); !ok || err != nil {
			t.Fatalf("ended within the login's lifetime: %v", err)
		}
	}
	clock.Advance(25 * time.Minute) // 8h15m after the login
	if _, ok, _ := m.Load(context.Background(), r); ok {
		t.Fatal("live 8h15m after the login at the provider")
	}

	for name, at := range map[string]time.Time{"unknown": {}, "past the lifetime": clock.Now().Add(-8 * time.Hour)} {
		_, err := m.Start(context.Background(), httptest.NewRecorder(), Session{Subject: "user-1", AuthTime: at})
		if !errors.Is(err, ErrStaleLogin) {
			t.Errorf("login %s: %v, want ErrStaleLogin", name, err)
		}
	}
}

func TestOptionsBeyondTheAAL2LimitsAreClamped(t *testing.T) {
	clock := storagetest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	m := New(memkv.New(clock.Now), Options{Now: clock.Now, Idle: 8 * time.Hour, Absolute: 30 * 24 * time.Hour})
	r := start(t, m, Session{Subject: "user-1"})
	clock.Advance(MaxIdle + time.Minute)
	if _, ok, _ := m.Load(context.Background(), r); ok {
		t.Fatal("live after more than an hour unused")
	}
	r = start(t, m, Session{Subject: "user-1"})
	lived := time.Duration(0)
	for at := 50 * time.Minute; at < 48*time.Hour; at += 50 * time.Minute {
		clock.Advance(50 * time.Minute)
		if _, ok, _ := m.Load(context.Background(), r); !ok {
			break
		}
		lived = at
	}
	if lived >= MaxAbsolute {
		t.Fatalf("a session in use lived %v, not less than %v", lived, MaxAbsolute)
	}
}
