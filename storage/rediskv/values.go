package rediskv

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Get returns the value of key, or storage.ErrNotFound.
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	v, err := s.c.Get(ctx, s.key(key)).Bytes()
	if err != nil {
		return nil, notFound("get", err)
	}
	return v, nil
}

// Set stores value under key for ttl (SET … PX).
func (s *Store) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if ttl <= 0 {
		return storage.ErrInvalidTTL
	}
	return wrap("set", s.c.Do(ctx, "SET", s.key(key), value, "PX", millis(ttl)).Err())
}

// SetNX stores value only when key is absent (SET … PX … NX).
func (s *Store) SetNX(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error) {
	if ttl <= 0 {
		return false, storage.ErrInvalidTTL
	}
	err := s.c.Do(ctx, "SET", s.key(key), value, "PX", millis(ttl), "NX").Err()
	if errors.Is(err, redis.Nil) {
		return false, nil
	}
	if err != nil {
		return false, wrap("setnx", err)
	}
	return true, nil
}

// Delete removes key; a missing key is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	return wrap("delete", s.c.Del(ctx, s.key(key)).Err())
}

// Take returns and removes the value of key in one command (GETDEL).
func (s *Store) Take(ctx context.Context, key string) ([]byte, error) {
	v, err := s.c.GetDel(ctx, s.key(key)).Bytes()
	if err != nil {
		return nil, notFound("take", err)
	}
	return v, nil
}

// CompareAndDelete removes key only when it holds expected, atomically.
func (s *Store) CompareAndDelete(ctx context.Context, key string, expected []byte) (bool, error) {
	n, err := compareAndDeleteScript.Run(ctx, s.c, []string{s.key(key)}, expected).Int64()
	if err != nil {
		return false, wrap("compare-and-delete", err)
	}
	return n == 1, nil
}

// Incr adds one to the counter at key; the TTL is set when the counter is
// created and kept by later increments.
func (s *Store) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	if ttl <= 0 {
		return 0, storage.ErrInvalidTTL
	}
	n, err := incrScript.Run(ctx, s.c, []string{s.key(key)}, millis(ttl)).Int64()
	if err != nil {
		if isNotCounter(err) {
			return 0, storage.ErrNotCounter
		}
		return 0, wrap("incr", err)
	}
	return n, nil
}

// isNotCounter reports whether Redis itself refused INCR because of what the
// key holds. Connection errors are not redis.Error values and never match.
func isNotCounter(err error) bool {
	var rerr redis.Error
	if !errors.As(err, &rerr) {
		return false
	}
	msg := rerr.Error()
	return strings.HasPrefix(msg, "WRONGTYPE") ||
		strings.Contains(msg, "not an integer") ||
		strings.Contains(msg, "overflow")
}

// errNoExpiry reports a key this store did not write: every write sets a TTL.
var errNoExpiry = errors.New("rediskv: key has no expiry")

// TTL returns the remaining lifetime of key (PTTL), or storage.ErrNotFound.
func (s *Store) TTL(ctx context.Context, key string) (time.Duration, error) {
	ms, err := s.c.Do(ctx, "PTTL", s.key(key)).Int64()
	switch {
	case err != nil:
		return 0, wrap("ttl", err)
	case ms == -2:
		return 0, storage.ErrNotFound
	case ms < 0:
		return 0, errNoExpiry
	}
	return time.Duration(ms) * time.Millisecond, nil
}
