package memkv

import (
	"context"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// SetAdd adds member to the set at key and sets the set's deadline to ttl
// from now.
func (s *Store) SetAdd(ctx context.Context, key, member string, ttl time.Duration) error {
	if ttl <= 0 {
		return storage.ErrInvalidTTL
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return err
	}
	now := s.now()
	e := s.lookup(key, now)
	if e == nil {
		e = &entry{set: map[string]struct{}{}}
		s.data[key] = e
	} else if !e.isSet() {
		return errWrongType
	}
	e.set[member] = struct{}{}
	e.expires = now.Add(ttl)
	s.wrote(now)
	return nil
}

// SetRemove removes member from the set at key; the set goes when it is empty.
func (s *Store) SetRemove(ctx context.Context, key, member string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return err
	}
	e := s.lookup(key, s.now())
	if e == nil {
		return nil
	}
	if !e.isSet() {
		return errWrongType
	}
	delete(e.set, member)
	if len(e.set) == 0 {
		delete(s.data, key)
	}
	return nil
}

// SetMembers lists the members of the set at key, empty when it is missing.
func (s *Store) SetMembers(ctx context.Context, key string) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	e := s.lookup(key, s.now())
	if e == nil {
		return []string{}, nil
	}
	if !e.isSet() {
		return nil, errWrongType
	}
	out := make([]string, 0, len(e.set))
	for m := range e.set {
		out = append(out, m)
	}
	return out, nil
}
