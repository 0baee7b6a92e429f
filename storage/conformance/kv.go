package conformance

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// RunKVTests runs the storage.KV suite. newKV must return a new, empty store
// (or one whose keys cannot collide with any other call's); the suite closes
// it when the sub-test ends, so the factory must not.
func RunKVTests(t *testing.T, newKV func(t *testing.T) storage.KV) {
	tests := []struct {
		name string
		fn   func(t *testing.T, kv storage.KV)
	}{
		{"GetReturnsWhatSetStored", testGetSet},
		{"MissingKeyIsNotFound", testMissing},
		{"SetOverwritesValueAndTTL", testOverwrite},
		{"EmptyValueIsAValue", testEmptyValue},
		{"SetNXStoresOnlyOnce", testSetNX},
		{"SetNXConcurrentHasOneWinner", testSetNXConcurrent},
		{"DeleteIsIdempotent", testDelete},
		{"TakeIsSingleUse", testTake},
		{"TakeConcurrentHasOneWinner", testTakeConcurrent},
		{"CompareAndDeleteChecksTheValue", testCompareAndDelete},
		{"CompareAndDeleteConcurrentHasOneWinner", testCompareAndDeleteConcurrent},
		{"IncrCounts", testIncr},
		{"IncrConcurrentLosesNoIncrement", testIncrConcurrent},
		{"IncrDoesNotExtendTTL", testIncrTTL},
		{"IncrRefusesNonCounter", testIncrNotCounter},
		{"TTLIsReported", testTTL},
		{"ValuesExpire", testExpiry},
		{"InvalidTTLIsRefused", testInvalidTTL},
		{"SetsAddListRemove", testSets},
		{"SetTTLFollowsNewestMember", testSetTTL},
		{"ValuesAreCopied", testCopies},
		{"BinaryValuesRoundTrip", testBinary},
		{"PingSucceeds", testPing},
	}
	tests = append(tests, sortedTests...)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			kv := newKV(t)
			t.Cleanup(func() {
				if err := kv.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tc.fn(t, kv)
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantNotFound fails unless Get on key reports storage.ErrNotFound.
func wantNotFound(t *testing.T, kv storage.KV, key string) {
	t.Helper()
	if v, err := kv.Get(t.Context(), key); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("Get(%q) = %q, %v; want ErrNotFound", key, v, err)
	}
}

// wantValue fails unless Get on key returns want.
func wantValue(t *testing.T, kv storage.KV, key string, want []byte) {
	t.Helper()
	got, err := kv.Get(t.Context(), key)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("Get(%q) = %q, %v; want %q", key, got, err, want)
	}
}

// race calls fn from n goroutines released at the same moment and returns
// how many reported true. Any error fails the test.
func race(t *testing.T, n int, fn func() (bool, error)) int {
	t.Helper()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		wins  int
		errs  []error
		start = make(chan struct{})
	)
	for range n {
		wg.Go(func() {
			<-start
			ok, err := fn()
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
			}
			if ok {
				wins++
			}
		})
	}
	close(start)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	return wins
}

func testGetSet(t *testing.T, kv storage.KV) {
	must(t, kv.Set(t.Context(), "a", []byte("one"), time.Minute))
	wantValue(t, kv, "a", []byte("one"))
}

func testMissing(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	wantNotFound(t, kv, "nope")
	if _, err := kv.Take(ctx, "nope"); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("Take missing: %v", err)
	}
	if ok, err := kv.CompareAndDelete(ctx, "nope", []byte("x")); ok || err != nil {
		t.Fatalf("CompareAndDelete missing = %v, %v; want false, nil", ok, err)
	}
}

func testOverwrite(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	must(t, kv.Set(ctx, "a", []byte("one"), time.Hour))
	must(t, kv.Set(ctx, "a", []byte("two"), time.Minute))
	wantValue(t, kv, "a", []byte("two"))
	if ttl, err := kv.TTL(ctx, "a"); err != nil || ttl > time.Minute {
		t.Fatalf("TTL after overwrite = %v, %v; want the new TTL", ttl, err)
	}
}

func testEmptyValue(t *testing.T, kv storage.KV) {
	must(t, kv.Set(t.Context(), "empty", []byte{}, time.Minute))
	wantValue(t, kv, "empty", []byte{})
}

func testSetNX(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	if ok, err := kv.SetNX(ctx, "a", []byte("first"), time.Minute); !ok || err != nil {
		t.Fatalf("first SetNX = %v, %v; want true", ok, err)
	}
	if ok, err := kv.SetNX(ctx, "a", []byte("second"), time.Minute); ok || err != nil {
		t.Fatalf("second SetNX = %v, %v; want false", ok, err)
	}
	wantValue(t, kv, "a", []byte("first"))
}

func testSetNXConcurrent(t *testing.T, kv storage.KV) {
	wins := race(t, 20, func() (bool, error) {
		return kv.SetNX(t.Context(), "lock", []byte("x"), time.Minute)
	})
	if wins != 1 {
		t.Fatalf("%d goroutines won SetNX, want exactly 1", wins)
	}
}

func testDelete(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	must(t, kv.Set(ctx, "a", []byte("one"), time.Minute))
	must(t, kv.Delete(ctx, "a"))
	wantNotFound(t, kv, "a")
	must(t, kv.Delete(ctx, "a"))
	must(t, kv.Delete(ctx, "never-there"))
}

func testTake(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	must(t, kv.Set(ctx, "once", []byte("v"), time.Minute))
	got, err := kv.Take(ctx, "once")
	if err != nil || string(got) != "v" {
		t.Fatalf("Take = %q, %v", got, err)
	}
	wantNotFound(t, kv, "once")
	if _, err := kv.Take(ctx, "once"); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("second Take = %v, want ErrNotFound", err)
	}
}

func testTakeConcurrent(t *testing.T, kv storage.KV) {
	must(t, kv.Set(t.Context(), "once", []byte("v"), time.Minute))
	wins := race(t, 20, func() (bool, error) {
		v, err := kv.Take(t.Context(), "once")
		if errors.Is(err, storage.ErrNotFound) {
			return false, nil
		}
		return err == nil && string(v) == "v", err
	})
	if wins != 1 {
		t.Fatalf("%d goroutines took the value, want exactly 1", wins)
	}
}

func testCompareAndDelete(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	must(t, kv.Set(ctx, "c", []byte("right"), time.Minute))
	if ok, err := kv.CompareAndDelete(ctx, "c", []byte("wrong")); ok || err != nil {
		t.Fatalf("CompareAndDelete with the wrong value = %v, %v; want false", ok, err)
	}
	wantValue(t, kv, "c", []byte("right"))
	if ok, err := kv.CompareAndDelete(ctx, "c", []byte("right")); !ok || err != nil {
		t.Fatalf("CompareAndDelete with the right value = %v, %v; want true", ok, err)
	}
	wantNotFound(t, kv, "c")
}

func testCompareAndDeleteConcurrent(t *testing.T, kv storage.KV) {
	must(t, kv.Set(t.Context(), "c", []byte("right"), time.Minute))
	wins := race(t, 20, func() (bool, error) {
		return kv.CompareAndDelete(t.Context(), "c", []byte("right"))
	})
	if wins != 1 {
		t.Fatalf("%d goroutines deleted, want exactly 1", wins)
	}
}

func testIncr(t *testing.T, kv storage.KV) {
	for want := int64(1); want <= 3; want++ {
		if n, err := kv.Incr(t.Context(), "n", time.Minute); err != nil || n != want {
			t.Fatalf("Incr = %d, %v; want %d", n, err, want)
		}
	}
}

func testIncrConcurrent(t *testing.T, kv storage.KV) {
	var (
		mu   sync.Mutex
		seen []int64
	)
	race(t, 50, func() (bool, error) {
		n, err := kv.Incr(t.Context(), "n", time.Minute)
		mu.Lock()
		seen = append(seen, n)
		mu.Unlock()
		return err == nil, err
	})
	slices.Sort(seen)
	for i, n := range seen {
		if n != int64(i+1) {
			t.Fatalf("Incr results %v; want each of 1..50 exactly once", seen)
		}
	}
}

func testIncrTTL(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	if _, err := kv.Incr(ctx, "w", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	first, err := kv.TTL(ctx, "w")
	must(t, err)
	if _, err := kv.Incr(ctx, "w", time.Hour); err != nil {
		t.Fatal(err)
	}
	ttl, err := kv.TTL(ctx, "w")
	if err != nil || ttl <= 0 || ttl > first {
		t.Fatalf("TTL after a later Incr = %v, %v; want at most %v (window not extended)", ttl, err, first)
	}
}

func testIncrNotCounter(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	must(t, kv.Set(ctx, "text", []byte("abc"), time.Minute))
	if _, err := kv.Incr(ctx, "text", time.Minute); !errors.Is(err, storage.ErrNotCounter) {
		t.Fatalf("Incr on text = %v, want ErrNotCounter", err)
	}
	wantValue(t, kv, "text", []byte("abc"))
}

func testTTL(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	must(t, kv.Set(ctx, "a", []byte("one"), time.Minute))
	if ttl, err := kv.TTL(ctx, "a"); err != nil || ttl < 50*time.Second || ttl > time.Minute {
		t.Fatalf("TTL = %v, %v; want close to 1m", ttl, err)
	}
	if _, err := kv.TTL(ctx, "missing"); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("TTL missing = %v, want ErrNotFound", err)
	}
}

// testExpiry polls rather than sleeping a fixed time: it asserts that values
// go, not exactly when.
func testExpiry(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	must(t, kv.Set(ctx, "v", []byte("1"), time.Second))
	must(t, kv.SetAdd(ctx, "s", "m", time.Second))
	if _, err := kv.Incr(ctx, "n", time.Second); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(3 * time.Second)
	for {
		_, verr := kv.Get(ctx, "v")
		_, nerr := kv.Get(ctx, "n")
		members, serr := kv.SetMembers(ctx, "s")
		must(t, serr)
		if errors.Is(verr, storage.ErrNotFound) && errors.Is(nerr, storage.ErrNotFound) && len(members) == 0 {
			break
		}
		for _, err := range []error{verr, nerr} {
			if err != nil && !errors.Is(err, storage.ErrNotFound) {
				t.Fatal(err)
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("entries with a 1s TTL are still there after 3s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if ok, err := kv.SetNX(ctx, "v", []byte("2"), time.Minute); !ok || err != nil {
		t.Fatalf("SetNX after expiry = %v, %v; want true", ok, err)
	}
}

func testInvalidTTL(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	for _, ttl := range []time.Duration{0, -time.Second} {
		if err := kv.Set(ctx, "a", []byte("1"), ttl); !errors.Is(err, storage.ErrInvalidTTL) {
			t.Errorf("Set with ttl %v = %v, want ErrInvalidTTL", ttl, err)
		}
		if _, err := kv.SetNX(ctx, "a", []byte("1"), ttl); !errors.Is(err, storage.ErrInvalidTTL) {
			t.Errorf("SetNX with ttl %v = %v, want ErrInvalidTTL", ttl, err)
		}
		if _, err := kv.Incr(ctx, "n", ttl); !errors.Is(err, storage.ErrInvalidTTL) {
			t.Errorf("Incr with ttl %v = %v, want ErrInvalidTTL", ttl, err)
		}
		if err := kv.SetAdd(ctx, "s", "m", ttl); !errors.Is(err, storage.ErrInvalidTTL) {
			t.Errorf("SetAdd with ttl %v = %v, want ErrInvalidTTL", ttl, err)
		}
	}
	for _, key := range []string{"a", "n", "s"} {
		if _, err := kv.TTL(ctx, key); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("%q exists after refused writes (TTL = %v)", key, err)
		}
	}
}

func testSets(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	wantMembers := func(want ...string) {
		t.Helper()
		got, err := kv.SetMembers(ctx, "s")
		slices.Sort(got)
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("SetMembers = %v, %v; want %v", got, err, want)
		}
	}
	wantMembers()
	for _, m := range []string{"a", "b", "c", "b"} {
		must(t, kv.SetAdd(ctx, "s", m, time.Minute))
	}
	wantMembers("a", "b", "c")
	must(t, kv.SetRemove(ctx, "s", "a"))
	must(t, kv.SetRemove(ctx, "s", "not-a-member"))
	must(t, kv.SetRemove(ctx, "no-such-set", "a"))
	wantMembers("b", "c")
	must(t, kv.SetRemove(ctx, "s", "b"))
	must(t, kv.SetRemove(ctx, "s", "c"))
	wantMembers()
	if _, err := kv.TTL(ctx, "s"); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("an emptied set must be gone; TTL = %v", err)
	}
}

func testSetTTL(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	must(t, kv.SetAdd(ctx, "s", "a", time.Minute))
	must(t, kv.SetAdd(ctx, "s", "b", time.Hour))
	if ttl, err := kv.TTL(ctx, "s"); err != nil || ttl <= time.Minute {
		t.Fatalf("set TTL = %v, %v; want the newest member's hour", ttl, err)
	}
}

func testCopies(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	in := []byte("abc")
	must(t, kv.Set(ctx, "a", in, time.Minute))
	in[0] = 'X'
	out, err := kv.Get(ctx, "a")
	must(t, err)
	if string(out) != "abc" {
		t.Fatalf("stored value changed with the caller's slice: %q", out)
	}
	out[0] = 'Y'
	wantValue(t, kv, "a", []byte("abc"))
}

func testBinary(t *testing.T, kv storage.KV) {
	ctx := t.Context()
	v := make([]byte, 256)
	for i := range v {
		v[i] = byte(i)
	}
	v = append(v, []byte("\x00\r\n\x00")...)
	must(t, kv.Set(ctx, "bin", v, time.Minute))
	wantValue(t, kv, "bin", v)
	prefix := v[:1] // only the first NUL byte: must not match
	if ok, err := kv.CompareAndDelete(ctx, "bin", prefix); ok || err != nil {
		t.Fatalf("CompareAndDelete with a prefix = %v, %v; want false", ok, err)
	}
	if ok, err := kv.CompareAndDelete(ctx, "bin", bytes.Clone(v)); !ok || err != nil {
		t.Fatalf("CompareAndDelete with the binary value = %v, %v; want true", ok, err)
	}
	must(t, kv.Set(ctx, "bin", v, time.Minute))
	got, err := kv.Take(ctx, "bin")
	if err != nil || !bytes.Equal(got, v) {
		t.Fatalf("Take of a binary value = %q, %v", got, err)
	}
	member := strings.Repeat("\x00", 3) + "m\xff"
	must(t, kv.SetAdd(ctx, "bset", member, time.Minute))
	if m, err := kv.SetMembers(ctx, "bset"); err != nil || len(m) != 1 || m[0] != member {
		t.Fatalf("binary set member = %q, %v", m, err)
	}
}

func testPing(t *testing.T, kv storage.KV) {
	must(t, kv.Ping(t.Context()))
}
