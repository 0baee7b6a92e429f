package memkv

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

var _ storage.KV = (*Store)(nil)

// sweepEvery is the fewest writes between two sweeps. When more entries are
// held, the next sweep waits for as many writes as there were entries left by
// the last one. Each write pays a constant share of the sweeping, and the map
// never holds more than twice the entries the last sweep kept, plus sweepEvery.
const sweepEvery = 1024

var (
	errClosed    = errors.New("memkv: store is closed")
	errWrongType = errors.New("memkv: operation against a key holding the wrong kind of value")
)

// entry is one key: a byte value (counters are decimal text, as in Redis),
// a set of members or a sorted set (member → score), with its deadline.
type entry struct {
	value   []byte
	set     map[string]struct{}
	sorted  map[string]int64
	expires time.Time
}

func (e *entry) isSet() bool { return e.set != nil }

func (e *entry) isSorted() bool { return e.sorted != nil }

// isValue reports whether the entry holds a byte value (not a set of either kind).
func (e *entry) isValue() bool { return !e.isSet() && !e.isSorted() }

// Store is an in-memory storage.KV. The zero value is not usable; call New.
type Store struct {
	now func() time.Time

	mu         sync.Mutex
	data       map[string]*entry
	closed     bool
	writes     int // writes since the last sweep
	sweepAfter int // writes that trigger the next sweep
}

// New returns an empty store reading time from now (time.Now when nil).
func New(now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{now: now, data: map[string]*entry{}, sweepAfter: sweepEvery}
}

// Ping reports an error only once the store is closed.
func (s *Store) Ping(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.check(ctx)
}

// Close drops every entry; later calls fail. Closing twice is not an error.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.data = nil
	return nil
}

// check reports a closed store or a finished context. Callers hold s.mu.
func (s *Store) check(ctx context.Context) error {
	if s.closed {
		return errClosed
	}
	return ctx.Err()
}

// lookup returns the live entry for key, deleting it when it has expired.
// Callers hold s.mu.
func (s *Store) lookup(key string, now time.Time) *entry {
	e, ok := s.data[key]
	if !ok {
		return nil
	}
	if !now.Before(e.expires) {
		delete(s.data, key)
		return nil
	}
	return e
}

// wrote counts a write and sweeps expired entries when enough have happened.
// Callers hold s.mu.
func (s *Store) wrote(now time.Time) {
	s.writes++
	if s.writes < s.sweepAfter {
		return
	}
	for k, e := range s.data {
		if !now.Before(e.expires) {
			delete(s.data, k)
		}
	}
	s.writes = 0
	s.sweepAfter = max(sweepEvery, len(s.data))
}

func clone(b []byte) []byte {
	return append(make([]byte, 0, len(b)), b...)
}
