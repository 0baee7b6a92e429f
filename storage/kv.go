package storage

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned when a key does not exist or has expired.
var ErrNotFound = errors.New("storage: not found")

// KV is the key-value store for short-lived state. Every value carries a TTL;
// a zero or negative TTL is refused, because nothing kept here may live forever.
//
// Implementations: memory (one process, the embedded default) and Redis
// (production; shared by every instance). Both pass RunKVTests in
// storage/conformance.
type KV interface {
	// Get returns the value of key, or ErrNotFound.
	Get(ctx context.Context, key string) ([]byte, error)
	// Set stores value under key for ttl, replacing any value.
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	// SetNX stores value only when key does not exist; it reports whether it did.
	SetNX(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error)
	// Delete removes key; deleting a missing key is not an error.
	Delete(ctx context.Context, key string) error
	// Take returns the value and deletes key in one atomic step (single use),
	// or ErrNotFound.
	Take(ctx context.Context, key string) ([]byte, error)
	// CompareAndDelete deletes key only when its value equals expected and
	// reports whether it did. Two callers racing for the same value: one wins.
	CompareAndDelete(ctx context.Context, key string, expected []byte) (bool, error)
	// Incr adds one to the counter at key and returns the new value. The TTL is
	// set when the counter is created and is not extended by later increments,
	// so a window of ttl starts at the first hit (fixed-window rate limits).
	Incr(ctx context.Context, key string, ttl time.Duration) (int64, error)
	// TTL returns the remaining lifetime of key, or ErrNotFound.
	TTL(ctx context.Context, key string) (time.Duration, error)
	// SetAdd adds member to the set at key and sets the set's TTL to ttl
	// (the set lives as long as its newest member needs).
	SetAdd(ctx context.Context, key, member string, ttl time.Duration) error
	// SetRemove removes member from the set at key.
	SetRemove(ctx context.Context, key, member string) error
	// SetMembers lists the members of the set at key (empty when missing), in
	// no particular order.
	SetMembers(ctx context.Context, key string) ([]string, error)
	// SortedAdd gives member score in the sorted set at key (adding it, or
	// moving it when it is there) and makes the set live at least ttl from
	// now; a later deadline the set already has is kept, so one member never
	// shortens the life of the others. Scores are exact up to 2^53.
	SortedAdd(ctx context.Context, key, member string, score int64, ttl time.Duration) error
	// SortedRemove removes member from the sorted set at key.
	SortedRemove(ctx context.Context, key, member string) error
	// SortedUpTo lists up to limit members of the sorted set at key whose
	// score is at most max, lowest score first (ties in member order); empty
	// when the set is missing.
	SortedUpTo(ctx context.Context, key string, max int64, limit int) ([]string, error)
	// Ping reports whether the store is reachable.
	Ping(ctx context.Context) error
	// Close releases the store's resources.
	Close() error
}

// ErrInvalidTTL is returned for a zero or negative TTL.
var ErrInvalidTTL = errors.New("storage: ttl must be positive")

// ErrNotCounter is returned by Incr when the key holds something other than a counter.
var ErrNotCounter = errors.New("storage: value is not a counter")
