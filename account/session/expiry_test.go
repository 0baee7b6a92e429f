package session

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/memkv"
	"github.com/mijnaccount/mijnaccount/storage/rediskv"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// kvBackends open, for one test, a store and a second handle on the same
// data, as a second instance would have: the memory store shared, or two
// Redis connections with the same prefix.
var kvBackends = map[string]func(t *testing.T, now func() time.Time) (storage.KV, storage.KV){
	"memory": func(_ *testing.T, now func() time.Time) (storage.KV, storage.KV) {
		kv := memkv.New(now)
		return kv, kv
	},
	"redis": func(t *testing.T, _ func() time.Time) (storage.KV, storage.KV) {
		prefix := storagetest.RedisPrefix(t)
		open := func() storage.KV {
			kv, err := rediskv.Open(t.Context(), storagetest.RedisURL(), prefix)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { kv.Close() })
			return kv
		}
		return open(), open()
	},
}

// endings records what the OnEnd listeners of one or more managers heard.
type endings struct {
	mu  sync.Mutex
	got []Session
}

func (e *endings) listen(m *Manager) {
	m.OnEnd(func(_ context.Context, s Session) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.got = append(e.got, s)
	})
}

func (e *endings) list() []Session {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.got)
}

// recorded collects the sessions a sweep recorded (audited).
type recorded struct {
	mu      sync.Mutex
	reasons map[string]string // handle → reason
	calls   int
	fail    error
}

func (r *recorded) record(_ context.Context, s Session) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	if r.fail != nil {
		return r.fail
	}
	if r.reasons == nil {
		r.reasons = map[string]string{}
	}
	r.reasons[s.Handle] = s.ExpiryReason()
	return nil
}

func sweep(t *testing.T, m *Manager, rec *recorded) int {
	t.Helper()
	n, err := m.SweepExpired(t.Context(), rec.record)
	if err != nil {
		t.Fatalf("sweep: %v", err)
	}
	return n
}

func TestSweepEndsExpiredSessionsOnce(t *testing.T) {
	for name, open := range kvBackends {
		t.Run(name, func(t *testing.T) {
			clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
			kv, _ := open(t, clk.Now)
			m := newManager(t, kv, clk.Now, false)
			var heard endings
			heard.listen(m)
			rec := &recorded{}
			ctx := t.Context()

			idle, _ := start(t, m, &browser{cookies: map[string]*http.Cookie{}}, "u1", false)
			if err := m.AddClient(ctx, idle, "verzuim"); err != nil {
				t.Fatal(err)
			}
			active := &browser{cookies: map[string]*http.Cookie{}}
			busy, _ := start(t, m, active, "u2", false)

			// Before any deadline nothing ends.
			clk.Advance(29 * time.Minute)
			if _, err := m.Current(active.request()); err != nil {
				t.Fatal(err)
			}
			if n := sweep(t, m, rec); n != 0 || len(heard.list()) != 0 {
				t.Fatalf("nothing is due yet, ended %d", n)
			}

			// Past the idle timeout of the unused session only.
			clk.Advance(2 * time.Minute)
			if n := sweep(t, m, rec); n != 1 {
				t.Fatalf("ended %d, want 1 (the idle session)", n)
			}
			got := heard.list()
			if len(got) != 1 || got[0].Handle != idle.Handle || got[0].UserID != "u1" || !slices.Equal(got[0].Clients, []string{"verzuim"}) {
				t.Fatalf("listeners heard %+v, want the idle session of u1 with its client", got)
			}
			if rec.reasons[idle.Handle] != ReasonIdle {
				t.Errorf("recorded reason %q, want idle", rec.reasons[idle.Handle])
			}
			if list, err := m.List(ctx, "u1"); err != nil || len(list) != 0 {
				t.Errorf("u1 still lists %v, %v", list, err)
			}
			if n := sweep(t, m, rec); n != 0 || len(heard.list()) != 1 {
				t.Fatalf("a second sweep ended %d more", n)
			}

			// The session in use lives on until its absolute end, then ends
			// whatever its use.
			at := 31 * time.Minute
			for at+20*time.Minute < 12*time.Hour {
				clk.Advance(20 * time.Minute)
				at += 20 * time.Minute
				if _, err := m.Current(active.request()); err != nil {
					t.Fatalf("at %v the used session must live: %v", at, err)
				}
				if n := sweep(t, m, rec); n != 0 {
					t.Fatalf("at %v a session in use was ended", at)
				}
			}
			clk.Advance(20 * time.Minute) // past 12h; the last use was 20 minutes ago
			if n := sweep(t, m, rec); n != 1 {
				t.Fatalf("ended %d after 12h, want the used session", n)
			}
			if got := heard.list(); len(got) != 2 || got[1].Handle != busy.Handle || got[1].UserID != "u2" {
				t.Fatalf("listeners heard %+v", got)
			}
			if rec.reasons[busy.Handle] != ReasonAbsolute {
				t.Errorf("recorded reason %q, want absolute", rec.reasons[busy.Handle])
			}
			if _, err := m.Current(active.request()); !errors.Is(err, ErrNoSession) {
				t.Errorf("the swept session must be gone: %v", err)
			}
		})
	}
}

func TestSweepAfterTheGraceDropsTheEntrySilently(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	m := newManager(t, memkv.New(clk.Now), clk.Now, false)
	var heard endings
	heard.listen(m)
	start(t, m, &browser{cookies: map[string]*http.Cookie{}}, "u1", false)
	clk.Advance(30*time.Minute + DefaultExpiryGrace + time.Second)
	rec := &recorded{}
	if n := sweep(t, m, rec); n != 0 || len(heard.list()) != 0 {
		t.Fatalf("a record gone past the grace cannot be ended; ended %d", n)
	}
	if due, _ := m.kv.SortedUpTo(t.Context(), expiryKey, clk.Now().UnixMilli(), 10); len(due) != 0 {
		t.Errorf("the expiry index still holds %v", due)
	}
}

func TestSweepWithinTheGraceEndsAfterAnOutage(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	m := newManager(t, memkv.New(clk.Now), clk.Now, false)
	var heard endings
	heard.listen(m)
	s, _ := start(t, m, &browser{cookies: map[string]*http.Cookie{}}, "u1", false)
	clk.Advance(30*time.Minute + DefaultExpiryGrace - time.Minute) // no sweep ran for almost a day
	if n := sweep(t, m, &recorded{}); n != 1 || heard.list()[0].Handle != s.Handle {
		t.Fatalf("ended %d; the record must still be there within the grace", n)
	}
}

func TestRacingSweepersEndEachSessionOnce(t *testing.T) {
	for name, open := range kvBackends {
		t.Run(name, func(t *testing.T) {
			clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
			kv1, kv2 := open(t, clk.Now)
			m1, m2 := newManager(t, kv1, clk.Now, false), newManager(t, kv2, clk.Now, false)
			var heard endings
			heard.listen(m1)
			heard.listen(m2)
			const sessions = 40
			for range sessions {
				start(t, m1, &browser{cookies: map[string]*http.Cookie{}}, "u1", false)
			}
			clk.Advance(31 * time.Minute)
			rec := &recorded{}
			var wg sync.WaitGroup
			counts := make([]int, 4)
			for i := range counts {
				m := m1
				if i%2 == 1 {
					m = m2
				}
				wg.Go(func() {
					n, err := m.SweepExpired(context.Background(), rec.record)
					if err != nil {
						t.Error(err)
					}
					counts[i] = n
				})
			}
			wg.Wait()
			got := heard.list()
			handles := map[string]bool{}
			for _, s := range got {
				handles[s.Handle] = true
			}
			total := counts[0] + counts[1] + counts[2] + counts[3]
			if len(got) != sessions || len(handles) != sessions || total != sessions || rec.calls != sessions {
				t.Fatalf("listeners heard %d endings of %d sessions, sweeps counted %d and recorded %d; want %d each",
					len(got), len(handles), total, rec.calls, sessions)
			}
		})
	}
}

func TestConcurrentEndsTellTheListenersOnce(t *testing.T) {
	m := newManager(t, memkv.New(nil), nil, false)
	var heard endings
	heard.listen(m)
	s, _ := start(t, m, &browser{cookies: map[string]*http.Cookie{}}, "u1", false)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() { _ = m.end(context.Background(), s, true) })
	}
	wg.Wait()
	if n := len(heard.list()); n != 1 {
		t.Fatalf("one session ended by 8 callers was told %d times", n)
	}
}
