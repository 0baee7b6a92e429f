package rediskv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mijnaccount/mijnaccount/storage"
)

var _ storage.KV = (*Store)(nil)

// pingTimeout bounds the connection check made by Open.
const pingTimeout = 5 * time.Second

// Store is a storage.KV on Redis.
type Store struct {
	c      redis.UniversalClient
	prefix string
	owned  bool // Open created c, so Close closes it
}

// New returns a store on an existing client, putting prefix before every key.
// Close leaves the client open: whoever made it closes it.
func New(client redis.UniversalClient, prefix string) *Store {
	return &Store{c: client, prefix: prefix}
}

// Open connects to the Redis at a redis:// or rediss:// URL, checks it answers
// a PING, and returns a store that owns the connection.
func Open(ctx context.Context, rawURL, prefix string) (*Store, error) {
	opt, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	c := redis.NewClient(opt)
	pctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	if err := c.Ping(pctx).Err(); err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("rediskv: cannot reach Redis at %s: %w", opt.Addr, err)
	}
	return &Store{c: c, prefix: prefix, owned: true}, nil
}

// parseURL checks the scheme itself so the message names what is accepted,
// and keeps the URL (which may hold a password) out of every error.
func parseURL(rawURL string) (*redis.Options, error) {
	if rawURL == "" {
		return nil, errors.New("rediskv: empty Redis URL (want redis:// or rediss://)")
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // url.Error repeats the whole URL
		}
		return nil, fmt.Errorf("rediskv: malformed Redis URL: %w", err)
	}
	if u.Scheme != "redis" && u.Scheme != "rediss" {
		return nil, fmt.Errorf("rediskv: unsupported Redis URL scheme %q (want redis:// or rediss://)", u.Scheme)
	}
	opt, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("rediskv: invalid Redis URL: %w", err)
	}
	return opt, nil
}

// Ping reports whether Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	return wrap("ping", s.c.Ping(ctx).Err())
}

// Close closes the client when Open created it.
func (s *Store) Close() error {
	if !s.owned {
		return nil
	}
	return s.c.Close()
}

func (s *Store) key(k string) string { return s.prefix + k }

// wrap names the operation in err; nil stays nil. A Redis that is down,
// closed, still loading its data set or out of pooled connections is marked
// storage.ErrUnavailable, so it answers 503 and not 500.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if down(err) {
		return fmt.Errorf("rediskv: %s: %w (%w)", op, err, storage.ErrUnavailable)
	}
	return fmt.Errorf("rediskv: %s: %w", op, err)
}

// down reports whether err says Redis cannot serve now. Network errors count
// through storage.IsUnavailable already; io.EOF is a connection the server
// closed, which only the driver can tell from a decoder's end of input.
func down(err error) bool {
	return errors.Is(err, redis.ErrClosed) || errors.Is(err, redis.ErrPoolTimeout) ||
		errors.Is(err, redis.ErrPoolExhausted) || errors.Is(err, io.EOF) ||
		redis.IsLoadingError(err) || redis.IsMasterDownError(err) ||
		redis.IsTryAgainError(err) || redis.IsClusterDownError(err) || redis.IsMaxClientsError(err)
}

// notFound turns a Redis nil reply into storage.ErrNotFound and wraps every
// other error, so an unreachable server is never mistaken for a missing key.
func notFound(op string, err error) error {
	if errors.Is(err, redis.Nil) {
		return storage.ErrNotFound
	}
	return wrap(op, err)
}

// millis converts a positive TTL to Redis milliseconds, rounding up so a
// sub-millisecond TTL still expires rather than becoming zero.
func millis(ttl time.Duration) int64 {
	ms := ttl.Milliseconds()
	if ttl%time.Millisecond != 0 {
		ms++
	}
	return ms
}
