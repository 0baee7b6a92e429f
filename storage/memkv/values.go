package memkv

import (
	"bytes"
	"context"
	"math"
	"strconv"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Get returns a copy of the value of key, or storage.ErrNotFound.
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	e := s.lookup(key, s.now())
	if e == nil {
		return nil, storage.ErrNotFound
	}
	if !e.isValue() {
		return nil, errWrongType
	}
	return clone(e.value), nil
}

// Set stores a copy of value under key for ttl, replacing any entry.
func (s *Store) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if ttl <= 0 {
		return storage.ErrInvalidTTL
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return err
	}
	now := s.now()
	s.data[key] = &entry{value: clone(value), expires: now.Add(ttl)}
	s.wrote(now)
	return nil
}

// SetNX stores a copy of value only when key does not exist.
func (s *Store) SetNX(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error) {
	if ttl <= 0 {
		return false, storage.ErrInvalidTTL
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return false, err
	}
	now := s.now()
	if s.lookup(key, now) != nil {
		return false, nil
	}
	s.data[key] = &entry{value: clone(value), expires: now.Add(ttl)}
	s.wrote(now)
	return true, nil
}

// Delete removes key of any kind; a missing key is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return err
	}
	delete(s.data, key)
	return nil
}

// Take returns the value of key and removes it, or storage.ErrNotFound.
func (s *Store) Take(ctx context.Context, key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	e := s.lookup(key, s.now())
	if e == nil {
		return nil, storage.ErrNotFound
	}
	if !e.isValue() {
		return nil, errWrongType
	}
	delete(s.data, key)
	// The entry is gone, so its private copy can be handed out as is.
	return e.value, nil
}

// CompareAndDelete removes key only when its value equals expected.
func (s *Store) CompareAndDelete(ctx context.Context, key string, expected []byte) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return false, err
	}
	e := s.lookup(key, s.now())
	if e == nil {
		return false, nil
	}
	if !e.isValue() {
		return false, errWrongType
	}
	if !bytes.Equal(e.value, expected) {
		return false, nil
	}
	delete(s.data, key)
	return true, nil
}

// Incr adds one to the counter at key. A new counter lives for ttl; later
// increments keep its deadline.
func (s *Store) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	if ttl <= 0 {
		return 0, storage.ErrInvalidTTL
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return 0, err
	}
	now := s.now()
	e := s.lookup(key, now)
	if e == nil {
		s.data[key] = &entry{value: []byte("1"), expires: now.Add(ttl)}
		s.wrote(now)
		return 1, nil
	}
	n, err := strconv.ParseInt(string(e.value), 10, 64)
	if !e.isValue() || err != nil || n == math.MaxInt64 {
		return 0, storage.ErrNotCounter
	}
	n++
	e.value = strconv.AppendInt(e.value[:0], n, 10)
	return n, nil
}

// TTL returns the remaining lifetime of key, or storage.ErrNotFound.
func (s *Store) TTL(ctx context.Context, key string) (time.Duration, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return 0, err
	}
	now := s.now()
	e := s.lookup(key, now)
	if e == nil {
		return 0, storage.ErrNotFound
	}
	return e.expires.Sub(now), nil
}
