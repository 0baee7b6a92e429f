package rediskv

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mijnaccount/mijnaccount/storage"
)

// sortedAddScript gives ARGV[1] the score ARGV[2] in the sorted set KEYS[1]
// and makes the set live at least ARGV[3] ms: PTTL is -1 for a new set and
// less than ARGV[3] for one that would end sooner; a later deadline is kept.
var sortedAddScript = redis.NewScript(`
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then
	redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return 1
`)

// SortedAdd gives member score in the sorted set at key (ZADD) and makes the
// set live at least ttl; a later deadline it already has is kept.
func (s *Store) SortedAdd(ctx context.Context, key, member string, score int64, ttl time.Duration) error {
	if ttl <= 0 {
		return storage.ErrInvalidTTL
	}
	err := sortedAddScript.Run(ctx, s.c, []string{s.key(key)}, member, score, millis(ttl)).Err()
	return wrap("sorted-add", err)
}

// SortedRemove removes member from the sorted set at key (ZREM); Redis drops
// an emptied set.
func (s *Store) SortedRemove(ctx context.Context, key, member string) error {
	return wrap("sorted-remove", s.c.ZRem(ctx, s.key(key), member).Err())
}

// SortedUpTo lists up to limit members whose score is at most max, lowest
// score first (ZRANGE … BYSCORE LIMIT; ties in member order).
func (s *Store) SortedUpTo(ctx context.Context, key string, max int64, limit int) ([]string, error) {
	if limit <= 0 {
		return []string{}, nil
	}
	m, err := s.c.ZRangeByScore(ctx, s.key(key), &redis.ZRangeBy{
		Min: "-inf", Max: strconv.FormatInt(max, 10), Count: int64(limit),
	}).Result()
	if err != nil {
		return nil, wrap("sorted-up-to", err)
	}
	return m, nil
}
