package memkv

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/conformance"
)

func TestConformance(t *testing.T) {
	conformance.RunKVTests(t, func(*testing.T) storage.KV { return New(nil) })
}

// clock is a settable time source; tests advance it instead of sleeping.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newClocked() (*Store, *clock) {
	c := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	return New(c.now), c
}

func TestValueExpiresAtItsDeadline(t *testing.T) {
	s, c := newClocked()
	ctx := t.Context()
	if err := s.Set(ctx, "k", []byte("v"), time.Minute); err != nil {
		t.Fatal(err)
	}
	c.advance(59 * time.Second)
	if ttl, err := s.TTL(ctx, "k"); err != nil || ttl != time.Second {
		t.Fatalf("TTL one second before expiry = %v, %v", ttl, err)
	}
	c.advance(time.Second)
	if _, err := s.Get(ctx, "k"); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("Get at the deadline = %v, want ErrNotFound", err)
	}
	if ok, err := s.SetNX(ctx, "k", []byte("new"), time.Minute); !ok || err != nil {
		t.Fatalf("SetNX after expiry = %v, %v", ok, err)
	}
}

func TestIncrWindowStartsAtFirstHit(t *testing.T) {
	s, c := newClocked()
	ctx := t.Context()
	incr := func(want int64) {
		t.Helper()
		if n, err := s.Incr(ctx, "hits", 10*time.Second); err != nil || n != want {
			t.Fatalf("Incr = %d, %v; want %d", n, err, want)
		}
	}
	incr(1)
	c.advance(6 * time.Second)
	incr(2)
	c.advance(4 * time.Second) // ten seconds after the first hit
	incr(1)
}

func TestSetExpiresWithItsNewestMember(t *testing.T) {
	s, c := newClocked()
	ctx := t.Context()
	_ = s.SetAdd(ctx, "set", "a", time.Minute)
	c.advance(30 * time.Second)
	_ = s.SetAdd(ctx, "set", "b", time.Minute)
	c.advance(59 * time.Second)
	if m, err := s.SetMembers(ctx, "set"); err != nil || len(m) != 2 {
		t.Fatalf("members before the newest deadline = %v, %v", m, err)
	}
	c.advance(time.Second)
	if m, err := s.SetMembers(ctx, "set"); err != nil || len(m) != 0 {
		t.Fatalf("members after the newest deadline = %v, %v", m, err)
	}
}

func TestSweepDropsExpiredEntries(t *testing.T) {
	s, c := newClocked()
	ctx := t.Context()
	for i := range sweepEvery {
		_ = s.Set(ctx, "old"+strconv.Itoa(i), []byte("v"), time.Second)
	}
	c.advance(time.Hour)
	for i := range sweepEvery {
		_ = s.Set(ctx, "new"+strconv.Itoa(i), []byte("v"), time.Hour)
	}
	s.mu.Lock()
	n := len(s.data)
	s.mu.Unlock()
	if n != sweepEvery {
		t.Fatalf("%d entries held, want the %d live ones", n, sweepEvery)
	}
}

func TestClosedStoreFails(t *testing.T) {
	s := New(nil)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.Ping(ctx); err == nil {
		t.Fatal("Ping on a closed store succeeded")
	}
	if _, err := s.Get(ctx, "k"); err == nil || errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("Get on a closed store = %v, want an error other than ErrNotFound", err)
	}
}
