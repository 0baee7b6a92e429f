package login

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/ratelimit"
	"github.com/mijnaccount/mijnaccount/storage"
)

// Throttle slows down password guessing. Per email address (known or not, so
// it reveals nothing): after 3 failures each attempt must wait twice as long
// as the one before (1 s, 2 s, 4 s …), and from 10 failures the address is
// locked for 15 minutes after every further failure. Attempts for one address
// run one at a time. Per client IP: at most MaxPerIP failures per 15 minutes.
// The durable per-user counter (permanent lock) lives with the user record.
type Throttle struct {
	KV       storage.KV
	Limiter  *ratelimit.Limiter
	MaxPerIP int64
	Now      func() time.Time
}

const (
	backoffFrom   = 3
	lockFrom      = 10
	lockFor       = 15 * time.Minute
	backoffMemory = 24 * time.Hour
	attemptLock   = 10 * time.Second
)

func (t *Throttle) ipRule() ratelimit.Rule {
	return ratelimit.Rule{Name: "login-ip", Max: t.MaxPerIP, Window: 15 * time.Minute}
}

func emailKey(kind, email string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(email))))
	return "login-" + kind + ":" + hex.EncodeToString(sum[:16])
}

// Delay is the wait required after n consecutive failures.
func Delay(n int64) time.Duration {
	switch {
	case n < backoffFrom:
		return 0
	case n >= lockFrom:
		return lockFor
	default:
		return time.Second << (n - backoffFrom)
	}
}

// Begin reserves an attempt for email from ip. It returns a wait > 0 when the
// attempt must be refused for now, and a release func to call when the
// attempt is over. Store failures are errors: the caller refuses the login.
func (t *Throttle) Begin(ctx context.Context, email, ip string) (wait time.Duration, release func(), err error) {
	if d, err := t.Limiter.Check(ctx, t.ipRule(), ip); err != nil {
		return 0, nil, err
	} else if !d.Allowed {
		return d.RetryAfter, nil, nil
	}
	n, last, err := t.failures(ctx, email)
	if err != nil {
		return 0, nil, err
	}
	if until := last.Add(Delay(n)); n > 0 && t.Now().Before(until) {
		return until.Sub(t.Now()), nil, nil
	}
	lock := emailKey("busy", email)
	ok, err := t.KV.SetNX(ctx, lock, []byte("1"), attemptLock)
	if err != nil {
		return 0, nil, fmt.Errorf("login throttle: %w", err)
	}
	if !ok {
		return time.Second, nil, nil // another attempt for this address is running
	}
	return 0, func() { _ = t.KV.Delete(context.WithoutCancel(ctx), lock) }, nil
}

func (t *Throttle) failures(ctx context.Context, email string) (int64, time.Time, error) {
	raw, err := t.KV.Get(ctx, emailKey("fails", email))
	if errors.Is(err, storage.ErrNotFound) {
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("login throttle: %w", err)
	}
	n, _ := strconv.ParseInt(string(raw), 10, 64)
	rawLast, err := t.KV.Get(ctx, emailKey("last", email))
	if err != nil && !errors.Is(err, storage.ErrNotFound) {
		return 0, time.Time{}, fmt.Errorf("login throttle: %w", err)
	}
	lastMicros, _ := strconv.ParseInt(string(rawLast), 10, 64)
	return n, storage.FromMicros(lastMicros), nil
}

// Failure records a failed attempt for email from ip and returns the number of
// consecutive failures for the address.
func (t *Throttle) Failure(ctx context.Context, email, ip string) (int64, error) {
	if _, err := t.Limiter.Hit(ctx, t.ipRule(), ip); err != nil {
		return 0, err
	}
	n, err := t.KV.Incr(ctx, emailKey("fails", email), backoffMemory)
	if err != nil {
		return 0, fmt.Errorf("login throttle: %w", err)
	}
	now := strconv.FormatInt(storage.Micros(t.Now()), 10)
	if err := t.KV.Set(ctx, emailKey("last", email), []byte(now), backoffMemory); err != nil {
		return 0, fmt.Errorf("login throttle: %w", err)
	}
	return n, nil
}

// Success forgets the address's failures.
func (t *Throttle) Success(ctx context.Context, email string) error {
	for _, k := range []string{emailKey("fails", email), emailKey("last", email)} {
		if err := t.KV.Delete(ctx, k); err != nil {
			return fmt.Errorf("login throttle: %w", err)
		}
	}
	return nil
}
