package smsotp_test

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

var errDown = errors.New("test: store is down")

// faultKV wraps a store: operations named in fail return errDown, and every
// value written is kept for inspection.
type faultKV struct {
	storage.KV
	mu      sync.Mutex
	fail    map[string]bool // "*" fails every operation
	written []string
	// afterSet, when set, runs after every successful Set.
	afterSet func()
}

// failOn makes the named operations fail; none heals the store.
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

func (f *faultKV) wrote(v []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.written = append(f.written, string(v))
}

func (f *faultKV) writtenValues() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.written...)
}

func (f *faultKV) Get(ctx context.Context, key string) ([]byte, error) {
	if err := f.check("Get"); err != nil {
		return nil, err
	}
	return f.KV.Get(ctx, key)
}

func (f *faultKV) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := f.check("Set"); err != nil {
		return err
	}
	f.wrote(value)
	if err := f.KV.Set(ctx, key, value, ttl); err != nil {
		return err
	}
	if f.afterSet != nil {
		f.afterSet()
	}
	return nil
}

func (f *faultKV) SetNX(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error) {
	if err := f.check("SetNX"); err != nil {
		return false, err
	}
	f.wrote(value)
	return f.KV.SetNX(ctx, key, value, ttl)
}

func (f *faultKV) Delete(ctx context.Context, key string) error {
	if err := f.check("Delete"); err != nil {
		return err
	}
	return f.KV.Delete(ctx, key)
}

func (f *faultKV) Take(ctx context.Context, key string) ([]byte, error) {
	if err := f.check("Take"); err != nil {
		return nil, err
	}
	return f.KV.Take(ctx, key)
}

func (f *faultKV) CompareAndDelete(ctx context.Context, key string, expected []byte) (bool, error) {
	if err := f.check("CompareAndDelete"); err != nil {
		return false, err
	}
	return f.KV.CompareAndDelete(ctx, key, expected)
}

func (f *faultKV) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	if err := f.check("Incr"); err != nil {
		return 0, err
	}
	return f.KV.Incr(ctx, key, ttl)
}

func (f *faultKV) TTL(ctx context.Context, key string) (time.Duration, error) {
	if err := f.check("TTL"); err != nil {
		return 0, err
	}
	return f.KV.TTL(ctx, key)
}

func (f *faultKV) SetAdd(ctx context.Context, key, member string, ttl time.Duration) error {
	if err := f.check("SetAdd"); err != nil {
		return err
	}
	return f.KV.SetAdd(ctx, key, member, ttl)
}

func (f *faultKV) SetRemove(ctx context.Context, key, member string) error {
	if err := f.check("SetRemove"); err != nil {
		return err
	}
	return f.KV.SetRemove(ctx, key, member)
}

func (f *faultKV) SetMembers(ctx context.Context, key string) ([]string, error) {
	if err := f.check("SetMembers"); err != nil {
		return nil, err
	}
	return f.KV.SetMembers(ctx, key)
}

func (f *faultKV) Ping(ctx context.Context) error {
	if err := f.check("Ping"); err != nil {
		return err
	}
	return f.KV.Ping(ctx)
}
