package smsotp

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
	"github.com/mijnaccount/mijnaccount/ratelimit"
	"github.com/mijnaccount/mijnaccount/storage"
)

// Limits are the most codes that may be sent in fixed windows. Zero fields
// take the defaults.
type Limits struct {
	PerUserHour int64 // default 5
	PerUserDay  int64 // default 10
	PerOrgDay   int64 // default 1000
	PerIPHour   int64 // default 20
}

// Defaults.
const (
	DefaultPerUserHour = 5
	DefaultPerUserDay  = 10
	DefaultPerOrgDay   = 1000
	DefaultPerIPHour   = 20
	DefaultTTL         = 5 * time.Minute
	DefaultMaxTries    = 5
	DefaultCooldown    = 30 * time.Second
)

// MinHashKey is the shortest HashKey New accepts.
const MinHashKey = 32

// Budget decides whether a billing customer may be sent another message.
type Budget interface {
	// Allow returns nil when a message for customerID may be sent at at, an
	// error wrapping ErrBudget when the customer's budget stops it, and any
	// other error when it cannot tell (Send then fails closed).
	Allow(ctx context.Context, customerID string, at time.Time) error
}

// Config configures Codes. KV, Sender, Provider, Ledger and HashKey are
// required; the rest have defaults or are optional.
type Config struct {
	KV       storage.KV
	Limiter  *ratelimit.Limiter // nil: ratelimit.New(KV)
	Sender   sms.Sender
	Provider string       // ledger.ProviderTwilio or ledger.ProviderOutbox, recorded in the ledger
	Ledger   ledger.Store // gets one entry per message the provider accepted
	HashKey  []byte       // at least MinHashKey bytes of secret
	// AllowedPrefixes are the country prefixes codes may go to (see
	// sms.CheckPhone); empty: sms.DefaultPrefixes. Every number is checked
	// again before a code is sent, also one stored long ago.
	AllowedPrefixes []string
	Limits          Limits
	TTL             time.Duration // lifetime of a code: whole minutes, 1 to 60; default 5m
	MaxTries        int           // wrong codes allowed per code; default 5
	Cooldown        time.Duration // between two sends for one binding, account or number; default 30s
	Now             func() time.Time
	Log             *slog.Logger
	Rand            io.Reader // source of the codes; default crypto/rand
	// Tariff gives the tariff recorded in the ledger, in euro cents per
	// segment, for a message to customerID sent at at. It is asked before
	// the provider is called: an error or a negative tariff refuses the send.
	// Optional: nil records 0 cents.
	Tariff func(ctx context.Context, customerID string, at time.Time) (centsPerSegment int64, err error)
	// Budget is asked before the provider is called. Optional: nil allows
	// every message.
	Budget Budget
}

// Codes sends and checks one-time SMS codes. It is safe for concurrent use.
type Codes struct {
	kv       storage.KV
	limiter  *ratelimit.Limiter
	sender   sms.Sender
	provider string
	ledger   ledger.Store
	key      []byte
	// subjectKey names the account and number cooldowns (cooldown.go).
	subjectKey []byte
	rules      []limitRule
	prefixes   []string // allowed country prefixes; empty: sms.DefaultPrefixes
	ttl        time.Duration
	maxTries   int
	cooldown   time.Duration
	now        func() time.Time
	log        *slog.Logger
	rand       io.Reader
	tariff     func(ctx context.Context, customerID string, at time.Time) (int64, error)
	budget     Budget
}

// New checks cfg, fills in the defaults and returns Codes.
func New(cfg Config) (*Codes, error) {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("smsotp: "+format, args...)) }
	if cfg.KV == nil {
		bad("config needs a key-value store (KV)")
	}
	if cfg.Sender == nil {
		bad("config needs an SMS sender")
	}
	if !ledger.ValidProvider(cfg.Provider) {
		bad("provider %q is not %q or %q", cfg.Provider, ledger.ProviderTwilio, ledger.ProviderOutbox)
	}
	if cfg.Ledger == nil {
		bad("config needs a usage ledger")
	}
	if len(cfg.HashKey) < MinHashKey {
		bad("hash key has %d bytes, needs at least %d", len(cfg.HashKey), MinHashKey)
	}
	l := cfg.Limits
	l.PerUserHour = orDefault(l.PerUserHour, DefaultPerUserHour)
	l.PerUserDay = orDefault(l.PerUserDay, DefaultPerUserDay)
	l.PerOrgDay = orDefault(l.PerOrgDay, DefaultPerOrgDay)
	l.PerIPHour = orDefault(l.PerIPHour, DefaultPerIPHour)
	if l.PerUserHour < 0 || l.PerUserDay < 0 || l.PerOrgDay < 0 || l.PerIPHour < 0 {
		bad("limits must not be negative: %+v", cfg.Limits)
	}
	ttl := orDefault(cfg.TTL, DefaultTTL)
	if ttl < time.Minute || ttl > time.Hour || ttl%time.Minute != 0 {
		bad("code lifetime %s must be whole minutes from 1m to 60m (the message states it)", ttl)
	}
	maxTries := orDefault(cfg.MaxTries, DefaultMaxTries)
	if maxTries < 1 || maxTries > 20 {
		bad("max tries %d must be 1 to 20", maxTries)
	}
	cooldown := orDefault(cfg.Cooldown, DefaultCooldown)
	if cooldown < time.Second || cooldown > ttl {
		bad("cooldown %s must be at least 1s and at most the code lifetime", cooldown)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	c := &Codes{
		kv: cfg.KV, limiter: cfg.Limiter, sender: cfg.Sender, provider: cfg.Provider, ledger: cfg.Ledger,
		key: append([]byte(nil), cfg.HashKey...), subjectKey: cooldownSubjectKey(cfg.HashKey), rules: rules(l),
		prefixes: append([]string(nil), cfg.AllowedPrefixes...),
		ttl:      ttl, maxTries: maxTries, cooldown: cooldown, now: cfg.Now, log: cfg.Log, rand: cfg.Rand,
		tariff: cfg.Tariff, budget: cfg.Budget,
	}
	if c.limiter == nil {
		c.limiter = ratelimit.New(cfg.KV)
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.log == nil {
		c.log = slog.Default()
	}
	if c.rand == nil {
		c.rand = rand.Reader
	}
	return c, nil
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
