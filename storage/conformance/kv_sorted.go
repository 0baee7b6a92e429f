package conformance

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// sortedTests are the suite's cases for sorted sets.
var sortedTests = []struct {
	name string
	fn   func(t *testing.T, kv storage.KV)
}{
	{"SortedUpToListsDueMembersInScoreOrder", testSortedUpTo},
	{"SortedAddMovesAMember", testSortedMove},
	{"SortedRemoveDropsMembersAndTheEmptySet", testSortedRemove},
	{"SortedTTLIsNeverShortened", testSortedTTL},
	{"SortedRefusesInvalidTTLAndOtherKinds", testSortedRefusals},
}

func wantUpTo(t *testing.T, kv storage.KV, max int64, limit int, want ...string) {
	t.Helper()
	got, err := kv.SortedUpTo(t.Context(), "z", max, limit)
	if err != nil || !slices.Equal(got, want) || got == nil {
		t.Fatalf("SortedUpTo(%d, %d) = %#v, %v; want %#v", max, limit, got, err, want)
	}
}

func testSortedUpTo(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	wantUpTo(t, kv, 1<<53, 10) // missing: empty, not nil
	for m, score := range map[string]int64{"c": 30, "a": 10, "b": 20, "b2": 20, "late": 1_800_000_000_000} {
		must(t, kv.SortedAdd(ctx, "z", m, score, time.Minute))
	}
	wantUpTo(t, kv, 5, 10)
	wantUpTo(t, kv, 10, 10, "a")
	wantUpTo(t, kv, 25, 10, "a", "b", "b2")
	wantUpTo(t, kv, 25, 2, "a", "b")
	wantUpTo(t, kv, 1_800_000_000_000, 10, "a", "b", "b2", "c", "late")
	wantUpTo(t, kv, 1_800_000_000_000, 0)
}

func testSortedMove(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	must(t, kv.SortedAdd(ctx, "z", "a", 10, time.Minute))
	must(t, kv.SortedAdd(ctx, "z", "b", 20, time.Minute))
	must(t, kv.SortedAdd(ctx, "z", "a", 30, time.Minute))
	wantUpTo(t, kv, 25, 10, "b")
	wantUpTo(t, kv, 30, 10, "b", "a")
}

func testSortedRemove(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	must(t, kv.SortedAdd(ctx, "z", "a", 10, time.Minute))
	must(t, kv.SortedAdd(ctx, "z", "b", 20, time.Minute))
	must(t, kv.SortedRemove(ctx, "z", "a"))
	must(t, kv.SortedRemove(ctx, "z", "not-a-member"))
	must(t, kv.SortedRemove(ctx, "no-such-set", "a"))
	wantUpTo(t, kv, 100, 10, "b")
	must(t, kv.SortedRemove(ctx, "z", "b"))
	wantUpTo(t, kv, 100, 10)
	if _, err := kv.TTL(ctx, "z"); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("an emptied sorted set must be gone; TTL = %v", err)
	}
}

func testSortedTTL(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	must(t, kv.SortedAdd(ctx, "z", "long", 10, time.Hour))
	must(t, kv.SortedAdd(ctx, "z", "short", 20, time.Minute))
	if ttl, err := kv.TTL(ctx, "z"); err != nil || ttl <= time.Minute {
		t.Fatalf("sorted set TTL = %v, %v; a shorter member must not shorten it", ttl, err)
	}
	must(t, kv.SortedAdd(ctx, "y", "a", 10, time.Minute))
	must(t, kv.SortedAdd(ctx, "y", "b", 20, time.Hour))
	if ttl, err := kv.TTL(ctx, "y"); err != nil || ttl <= time.Minute {
		t.Fatalf("sorted set TTL = %v, %v; a longer member must lengthen it", ttl, err)
	}
}

func testSortedRefusals(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	for _, ttl := range []time.Duration{0, -time.Second} {
		if err := kv.SortedAdd(ctx, "z", "a", 1, ttl); !errors.Is(err, storage.ErrInvalidTTL) {
			t.Errorf("SortedAdd with ttl %v = %v, want ErrInvalidTTL", ttl, err)
		}
	}
	if _, err := kv.TTL(ctx, "z"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("a refused SortedAdd must not create the set (TTL = %v)", err)
	}
	must(t, kv.Set(ctx, "v", []byte("1"), time.Minute))
	must(t, kv.SetAdd(ctx, "s", "m", time.Minute))
	for _, key := range []string{"v", "s"} {
		if err := kv.SortedAdd(ctx, key, "a", 1, time.Minute); err == nil {
			t.Errorf("SortedAdd on %q, which holds another kind, must fail", key)
		}
		if _, err := kv.SortedUpTo(ctx, key, 10, 10); err == nil {
			t.Errorf("SortedUpTo on %q, which holds another kind, must fail", key)
		}
	}
	must(t, kv.SortedAdd(ctx, "z", "a", 1, time.Minute))
	if _, err := kv.Get(ctx, "z"); err == nil || errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Get on a sorted set must fail as the wrong kind, got %v", err)
	}
	if err := kv.SetAdd(ctx, "z", "m", time.Minute); err == nil {
		t.Error("SetAdd on a sorted set must fail")
	}
}
