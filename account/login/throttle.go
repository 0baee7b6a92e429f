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

// Throttle slows down password guessing, following NIST SP 800-63B §5.2.2
// (rev. 4 §3.2.2, "Rate Limiting (Throttling)"): it lets a few failures go,
// then makes each further attempt wait, so that prioritising the subscriber
// over an attacker does not turn into locking the subscriber out.
//
// Failures are counted per client class (OWASP "Slow Down Online Guessing
// Attacks with Device Cookies"): a browser with a valid device cookie for the
// account has a counter of its own; every other browser shares the
// address's counter (known address or not, so it reveals nothing). For each
// counter: after 3 failures each attempt must wait twice as long as the one
// before (1 s, 2 s, 4 s …), and from 10 failures there is a 15-minute lock
// after every further failure. An attempt refused for waiting is never
// verified and never counted, so nobody — the owner with the right password
// included — extends a lock by trying during it. Attempts on one counter run
// one at a time.
//
// Per client IP it counts failures only and never refuses: once an IP has
// MaxPerIP failures in 15 minutes, every further failure from it puts the
// address straight into back-off (see Failure). A correct password is never
// refused for the IP's sake, so one office behind NAT, or every user behind
// a load balancer whose address is not trusted, stays able to log in.
//
// The durable per-user counters live with the user record (Handler).
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

// Client is who makes an attempt: an address and IP, and the device id when
// the browser holds a valid device cookie for the address's account.
type Client struct {
	Email  string
	IP     string
	Device string // Device.ID; "" for an untrusted client
}

// Trusted reports whether the client holds a device cookie.
func (c Client) Trusted() bool { return c.Device != "" }

// key names one of the client's counters: the device's, or the address's.
func (c Client) key(kind string) string {
	if c.Trusted() {
		return "login-device-" + kind + ":" + c.Device
	}
	return emailKey(kind, c.Email)
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

// Begin reserves an attempt for c. It returns a wait > 0 when the attempt
// must be refused for now (without verifying or counting it), and a release
// func to call when the attempt is over. Store failures are errors: the
// caller refuses the login.
func (t *Throttle) Begin(ctx context.Context, c Client) (wait time.Duration, release func(), err error) {
	n, last, err := t.failures(ctx, c)
	if err != nil {
		return 0, nil, err
	}
	if until := last.Add(Delay(n)); n > 0 && t.Now().Before(until) {
		return until.Sub(t.Now()), nil, nil
	}
	lock := c.key("busy")
	ok, err := t.KV.SetNX(ctx, lock, []byte("1"), attemptLock)
	if err != nil {
		return 0, nil, fmt.Errorf("login throttle: %w", err)
	}
	if !ok {
		return time.Second, nil, nil // another attempt on this counter is running
	}
	return 0, func() { _ = t.KV.Delete(context.WithoutCancel(ctx), lock) }, nil
}

func (t *Throttle) failures(ctx context.Context, c Client) (int64, time.Time, error) {
	raw, err := t.KV.Get(ctx, c.key("fails"))
	if errors.Is(err, storage.ErrNotFound) {
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("login throttle: %w", err)
	}
	n, _ := strconv.ParseInt(string(raw), 10, 64)
	rawLast, err := t.KV.Get(ctx, c.key("last"))
	if err != nil && !errors.Is(err, storage.ErrNotFound) {
		return 0, time.Time{}, fmt.Errorf("login throttle: %w", err)
	}
	lastMicros, _ := strconv.ParseInt(string(rawLast), 10, 64)
	return n, storage.FromMicros(lastMicros), nil
}

// Counted is the outcome of recording a failure.
type Counted struct {
	N      int64 // consecutive failures on the client's counter
	Locked bool  // this failure started (or renewed) a 15-minute lock
}

// Failure records a failed attempt of c and the failure of c's IP. A failure
// of an untrusted client from an IP past MaxPerIP counts as at least the
// backoffFrom-th on its address, so that address waits before its next
// attempt: password spraying from one IP meets the back-off on every
// address it touches, while nobody is refused before trying.
func (t *Throttle) Failure(ctx context.Context, c Client) (Counted, error) {
	ip, err := t.Limiter.Hit(ctx, t.ipRule(), c.IP)
	if err != nil {
		return Counted{}, err
	}
	n, err := t.KV.Incr(ctx, c.key("fails"), backoffMemory)
	if err != nil {
		return Counted{}, fmt.Errorf("login throttle: %w", err)
	}
	if !ip.Allowed && !c.Trusted() && n < backoffFrom {
		n = backoffFrom
		ttl, err := t.KV.TTL(ctx, c.key("fails"))
		if err != nil || ttl <= 0 {
			ttl = backoffMemory
		}
		if err := t.KV.Set(ctx, c.key("fails"), []byte(strconv.FormatInt(n, 10)), ttl); err != nil {
			return Counted{}, fmt.Errorf("login throttle: %w", err)
		}
	}
	now := strconv.FormatInt(storage.Micros(t.Now()), 10)
	if err := t.KV.Set(ctx, c.key("last"), []byte(now), backoffMemory); err != nil {
		return Counted{}, fmt.Errorf("login throttle: %w", err)
	}
	return Counted{N: n, Locked: n >= lockFrom}, nil
}

// Forget clears c's counter (after the client proved the password).
func (t *Throttle) Forget(ctx context.Context, c Client) error {
	for _, k := range []string{c.key("fails"), c.key("last")} {
		if err := t.KV.Delete(ctx, k); err != nil {
			return fmt.Errorf("login throttle: %w", err)
		}
	}
	return nil
}

// Success forgets the address's failures (the untrusted clients' counter);
// the helpdesk calls it when it unlocks an account.
func (t *Throttle) Success(ctx context.Context, email string) error {
	return t.Forget(ctx, Client{Email: email})
}
