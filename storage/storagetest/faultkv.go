package storagetest

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// ErrDown is what FaultKV answers for an operation it is told to fail: an
// outage, so it wraps storage.ErrUnavailable as a real backend's would.
var ErrDown = fmt.Errorf("storagetest: store is down: %w", storage.ErrUnavailable)

// FaultKV wraps a key-value store for fault tests: while an operation is
// named in FailOn ("Get", "SetNX", …, or "*" for every one) it returns
// ErrDown without reaching the store. It also keeps every value written with
// Set or SetNX, so a test can check that no secret was stored in the clear.
type FaultKV struct {
	storage.KV
	// AfterSet, when set, runs after every successful Set.
	AfterSet func()

	mu      sync.Mutex
	fail    map[string]bool
	written []string
}

// FailOn makes the named operations fail from now on; no names heals the
// store.
func (f *FaultKV) FailOn(ops ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = map[string]bool{}
	for _, op := range ops {
		f.fail[op] = true
	}
}

// Written returns the values written so far, oldest first.
func (f *FaultKV) Written() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.written...)
}

func (f *FaultKV) check(op string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail[op] || f.fail["*"] {
		return ErrDown
	}
	return nil
}

func (f *FaultKV) wrote(v []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.written = append(f.written, string(v))
}

// Get implements storage.KV.
func (f *FaultKV) Get(ctx context.Context, key string) ([]byte, error) {
	if err := f.check("Get"); err != nil {
		return nil, err
	}
	return f.KV.Get(ctx, key)
}

// Set implements storage.KV.
func (f *FaultKV) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := f.check("Set"); err != nil {
		return err
	}
	f.wrote(value)
	if err := f.KV.Set(ctx, key, value, ttl); err != nil {
		return err
	}
	if f.AfterSet != nil {
		f.AfterSet()
	}
	return nil
}

// SetNX implements storage.KV.
func (f *FaultKV) SetNX(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error) {
	if err := f.check("SetNX"); err != nil {
		return false, err
	}
	f.wrote(value)
	return f.KV.SetNX(ctx, key, value, ttl)
}

// Delete implements storage.KV.
func (f *FaultKV) Delete(ctx context.Context, key string) error {
	if err := f.check("Delete"); err != nil {
		return err
	}
	return f.KV.Delete(ctx, key)
}

// Take implements storage.KV.
func (f *FaultKV) Take(ctx context.Context, key string) ([]byte, error) {
	if err := f.check("Take"); err != nil {
		return nil, err
	}
	return f.KV.Take(ctx, key)
}

// CompareAndDelete implements storage.KV.
func (f *FaultKV) CompareAndDelete(ctx context.Context, key string, expected []byte) (bool, error) {
	if err := f.check("CompareAndDelete"); err != nil {
		return false, err
	}
	return f.KV.CompareAndDelete(ctx, key, expected)
}

// Incr implements storage.KV.
func (f *FaultKV) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	if err := f.check("Incr"); err != nil {
		return 0, err
	}
	return f.KV.Incr(ctx, key, ttl)
}

// TTL implements storage.KV.
func (f *FaultKV) TTL(ctx context.Context, key string) (time.Duration, error) {
	if err := f.check("TTL"); err != nil {
		return 0, err
	}
	return f.KV.TTL(ctx, key)
}

// SetAdd implements storage.KV.
func (f *FaultKV) SetAdd(ctx context.Context, key, member string, ttl time.Duration) error {
	if err := f.check("SetAdd"); err != nil {
		return err
	}
	return f.KV.SetAdd(ctx, key, member, ttl)
}

// SetRemove implements storage.KV.
func (f *FaultKV) SetRemove(ctx context.Context, key, member string) error {
	if err := f.check("SetRemove"); err != nil {
		return err
	}
	return f.KV.SetRemove(ctx, key, member)
}

// SetMembers implements storage.KV.
func (f *FaultKV) SetMembers(ctx context.Context, key string) ([]string, error) {
	if err := f.check("SetMembers"); err != nil {
		return nil, err
	}
	return f.KV.SetMembers(ctx, key)
}

// SortedAdd implements storage.KV.
func (f *FaultKV) SortedAdd(ctx context.Context, key, member string, score int64, ttl time.Duration) error {
	if err := f.check("SortedAdd"); err != nil {
		return err
	}
	return f.KV.SortedAdd(ctx, key, member, score, ttl)
}

// SortedRemove implements storage.KV.
func (f *FaultKV) SortedRemove(ctx context.Context, key, member string) error {
	if err := f.check("SortedRemove"); err != nil {
		return err
	}
	return f.KV.SortedRemove(ctx, key, member)
}

// SortedUpTo implements storage.KV.
func (f *FaultKV) SortedUpTo(ctx context.Context, key string, max int64, limit int) ([]string, error) {
	if err := f.check("SortedUpTo"); err != nil {
		return nil, err
	}
	return f.KV.SortedUpTo(ctx, key, max, limit)
}

// Ping implements storage.KV.
func (f *FaultKV) Ping(ctx context.Context) error {
	if err := f.check("Ping"); err != nil {
		return err
	}
	return f.KV.Ping(ctx)
}

var _ storage.KV = (*FaultKV)(nil)
