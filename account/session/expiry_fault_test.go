package session

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/rediskv"
)

var errDown = errors.New("test: store is down")

// faultKV wraps a store; while an operation is named in fail ("*" for all)
// it returns errDown instead of reaching the store.
type faultKV struct {
	storage.KV
	mu   sync.Mutex
	fail map[string]bool
}

func (f *faultKV) failOn(ops ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = map[string]bool{}
	for _, op := range ops {
		f.fail[op] = true
	}
}

func (f *faultKV) check(op string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail[op] || f.fail["*"] {
		return errDown
	}
	return nil
}

func (f *faultKV) Get(ctx context.Context, key string) ([]byte, error) {
	if err := f.check("Get"); err != nil {
		return nil, err
	}
	return f.KV.Get(ctx, key)
}

func (f *faultKV) Take(ctx context.Context, key string) ([]byte, error) {
	if err := f.check("Take"); err != nil {
		return nil, err
	}
	return f.KV.Take(ctx, key)
}

func (f *faultKV) SetNX(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error) {
	if err := f.check("SetNX"); err != nil {
		return false, err
	}
	return f.KV.SetNX(ctx, key, value, ttl)
}

func (f *faultKV) Delete(ctx context.Context, key string) error {
	if err := f.check("Delete"); err != nil {
		return err
	}
	return f.KV.Delete(ctx, key)
}

func (f *faultKV) SetMembers(ctx context.Context, key string) ([]string, error) {
	if err := f.check("SetMembers"); err != nil {
		return nil, err
	}
	return f.KV.SetMembers(ctx, key)
}

func (f *faultKV) SetRemove(ctx context.Context, key, member string) error {
	if err := f.check("SetRemove"); err != nil {
		return err
	}
	return f.KV.SetRemove(ctx, key, member)
}

func (f *faultKV) SortedRemove(ctx context.Context, key, member string) error {
	if err := f.check("SortedRemove"); err != nil {
		return err
	}
	return f.KV.SortedRemove(ctx, key, member)
}

func (f *faultKV) SortedUpTo(ctx context.Context, key string, max int64, limit int) ([]string, error) {
	if err := f.check("SortedUpTo"); err != nil {
		return nil, err
	}
	return f.KV.SortedUpTo(ctx, key, max, limit)
}

// TestSweepFailuresLeaveTheSessionForTheNextSweep: whatever fails before
// the session is taken, nobody is told and the next sweep ends it once;
// once it is taken the listeners are told even when tidying fails.
func TestSweepFailuresLeaveTheSessionForTheNextSweep(t *testing.T) {
	for _, tc := range []struct {
		name      string
		failOps   []string
		recordErr error
		toldFirst bool // the listeners hear of it in the failing sweep
	}{
		{name: "store down", failOps: []string{"*"}},
		{name: "index unreadable", failOps: []string{"SortedUpTo"}},
		{name: "record unreadable", failOps: []string{"Get"}},
		{name: "claim fails", failOps: []string{"SetNX"}},
		{name: "take fails", failOps: []string{"Take"}},
		{name: "client list unreadable", failOps: []string{"SetMembers"}},
		{name: "audit fails", recordErr: errors.New("audit down")},
		{name: "tidying fails after the take", failOps: []string{"SortedRemove", "SetRemove"}, toldFirst: true},
	} {
		for name, open := range kvBackends {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
				kv, _ := open(t, clk.Now)
				f := &faultKV{KV: kv}
				m := newManager(t, f, clk.Now, false)
				var heard endings
				heard.listen(m)
				s, _ := start(t, m, &browser{cookies: map[string]*http.Cookie{}}, "u1", false)
				clk.Advance(31 * time.Minute)

				f.failOn(tc.failOps...)
				rec := &recorded{fail: tc.recordErr}
				n, err := m.SweepExpired(t.Context(), rec.record)
				if err == nil {
					t.Fatal("the failing sweep must report its error")
				}
				if told := len(heard.list()); told != map[bool]int{false: 0, true: 1}[tc.toldFirst] {
					t.Fatalf("listeners told %d times in the failing sweep (ended %d)", told, n)
				}

				f.failOn()
				rec.fail = nil
				if _, err := m.SweepExpired(t.Context(), rec.record); err != nil {
					t.Fatalf("the sweep after recovery: %v", err)
				}
				if got := heard.list(); len(got) != 1 || got[0].Handle != s.Handle {
					t.Fatalf("after recovery the listeners heard %+v, want the session once", got)
				}
				if due, _ := kv.SortedUpTo(t.Context(), expiryKey, clk.Now().UnixMilli(), 10); len(due) != 0 {
					t.Errorf("the expiry index still holds %v", due)
				}
			})
		}
	}
}

func TestSweepWithRedisUnreachableIsAnError(t *testing.T) {
	down := newManager(t, rediskv.New(redisClientTo("127.0.0.1:1"), "x:"), nil, false)
	told := false
	down.OnEnd(func(context.Context, Session) { told = true })
	n, err := down.SweepExpired(t.Context(), func(context.Context, Session) error { return nil })
	if err == nil || n != 0 || told {
		t.Fatalf("sweep on an unreachable Redis = %d, %v (told %v); want an error and nothing ended", n, err, told)
	}
}
