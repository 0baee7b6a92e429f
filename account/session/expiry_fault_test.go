package session

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/storage/rediskv"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

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
				f := &storagetest.FaultKV{KV: kv}
				m := newManager(t, f, clk.Now, false)
				var heard endings
				heard.listen(m)
				s, _ := start(t, m, &browser{cookies: map[string]*http.Cookie{}}, "u1", false)
				clk.Advance(31 * time.Minute)

				f.FailOn(tc.failOps...)
				rec := &recorded{fail: tc.recordErr}
				n, err := m.SweepExpired(t.Context(), rec.record)
				if err == nil {
					t.Fatal("the failing sweep must report its error")
				}
				if told := len(heard.list()); told != map[bool]int{false: 0, true: 1}[tc.toldFirst] {
					t.Fatalf("listeners told %d times in the failing sweep (ended %d)", told, n)
				}

				f.FailOn()
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
