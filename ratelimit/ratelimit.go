package ratelimit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Rule is a limit of Max events per Window for one kind of key.
type Rule struct {
	Name   string // e.g. "login-ip"; part of the storage key
	Max    int64
	Window time.Duration
}

// Decision is the outcome of counting one event.
type Decision struct {
	Count      int64         // events in the current window, this one included
	Allowed    bool          // Count <= Max
	RetryAfter time.Duration // when not allowed: until the window ends
}

// Limiter counts events in the key-value store.
type Limiter struct {
	kv storage.KV
}

// New returns a Limiter on kv.
func New(kv storage.KV) *Limiter { return &Limiter{kv: kv} }

// key hashes the subject so that emails or IPs never appear in the store's keys.
func key(rule Rule, subject string) string {
	sum := sha256.Sum256([]byte(subject))
	return "rl:" + rule.Name + ":" + hex.EncodeToString(sum[:16])
}

// Hit counts one event for subject under rule.
func (l *Limiter) Hit(ctx context.Context, rule Rule, subject string) (Decision, error) {
	if rule.Max <= 0 || rule.Window <= 0 {
		return Decision{}, fmt.Errorf("ratelimit: rule %q needs a positive max and window", rule.Name)
	}
	k := key(rule, subject)
	n, err := l.kv.Incr(ctx, k, rule.Window)
	if err != nil {
		return Decision{}, fmt.Errorf("ratelimit: %w", err)
	}
	d := Decision{Count: n, Allowed: n <= rule.Max}
	if !d.Allowed {
		d.RetryAfter = l.retryAfter(ctx, k, rule)
	}
	return d, nil
}

// Check reports the state for subject without counting an event.
func (l *Limiter) Check(ctx context.Context, rule Rule, subject string) (Decision, error) {
	k := key(rule, subject)
	raw, err := l.kv.Get(ctx, k)
	if errors.Is(err, storage.ErrNotFound) {
		return Decision{Allowed: true}, nil
	}
	if err != nil {
		return Decision{}, fmt.Errorf("ratelimit: %w", err)
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return Decision{}, fmt.Errorf("ratelimit: corrupt counter %q", rule.Name)
	}
	d := Decision{Count: n, Allowed: n < rule.Max}
	if !d.Allowed {
		d.RetryAfter = l.retryAfter(ctx, k, rule)
	}
	return d, nil
}

// Reset forgets the count for subject (after a successful login, say).
func (l *Limiter) Reset(ctx context.Context, rule Rule, subject string) error {
	if err := l.kv.Delete(ctx, key(rule, subject)); err != nil {
		return fmt.Errorf("ratelimit: %w", err)
	}
	return nil
}

func (l *Limiter) retryAfter(ctx context.Context, k string, rule Rule) time.Duration {
	ttl, err := l.kv.TTL(ctx, k)
	if err != nil || ttl <= 0 {
		return rule.Window
	}
	return ttl
}
