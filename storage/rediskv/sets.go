package rediskv

import (
	"context"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// SetAdd adds member to the set at key and sets the set's TTL to ttl.
func (s *Store) SetAdd(ctx context.Context, key, member string, ttl time.Duration) error {
	if ttl <= 0 {
		return storage.ErrInvalidTTL
	}
	err := setAddScript.Run(ctx, s.c, []string{s.key(key)}, member, millis(ttl)).Err()
	return wrap("set-add", err)
}

// SetRemove removes member from the set at key; Redis drops an emptied set.
func (s *Store) SetRemove(ctx context.Context, key, member string) error {
	return wrap("set-remove", s.c.SRem(ctx, s.key(key), member).Err())
}

// SetMembers lists the members of the set at key, empty when it is missing.
func (s *Store) SetMembers(ctx context.Context, key string) ([]string, error) {
	m, err := s.c.SMembers(ctx, s.key(key)).Result()
	if err != nil {
		return nil, wrap("set-members", err)
	}
	return m, nil
}
