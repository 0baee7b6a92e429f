package memkv

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// SortedAdd gives member score in the sorted set at key and makes the set
// live at least ttl from now; a later deadline it already has is kept.
func (s *Store) SortedAdd(ctx context.Context, key, member string, score int64, ttl time.Duration) error {
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
		e = &entry{sorted: map[string]int64{}}
		s.data[key] = e
	} else if !e.isSorted() {
		return errWrongType
	}
	e.sorted[member] = score
	if deadline := now.Add(ttl); deadline.After(e.expires) {
		e.expires = deadline
	}
	s.wrote(now)
	return nil
}

// SortedRemove removes member from the sorted set at key; the set goes when
// it is empty.
func (s *Store) SortedRemove(ctx context.Context, key, member string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return err
	}
	e := s.lookup(key, s.now())
	if e == nil {
		return nil
	}
	if !e.isSorted() {
		return errWrongType
	}
	delete(e.sorted, member)
	if len(e.sorted) == 0 {
		delete(s.data, key)
	}
	return nil
}

// SortedUpTo lists up to limit members of the sorted set at key whose score
// is at most max, lowest score first (ties by member), empty when missing.
func (s *Store) SortedUpTo(ctx context.Context, key string, max int64, limit int) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	e := s.lookup(key, s.now())
	if e == nil || limit <= 0 {
		return []string{}, nil
	}
	if !e.isSorted() {
		return nil, errWrongType
	}
	type scored struct {
		member string
		score  int64
	}
	var due []scored
	for m, sc := range e.sorted {
		if sc <= max {
			due = append(due, scored{m, sc})
		}
	}
	slices.SortFunc(due, func(a, b scored) int {
		return cmp.Or(cmp.Compare(a.score, b.score), cmp.Compare(a.member, b.member))
	})
	out := make([]string, 0, min(limit, len(due)))
	for _, d := range due[:min(limit, len(due))] {
		out = append(out, d.member)
	}
	return out, nil
}
