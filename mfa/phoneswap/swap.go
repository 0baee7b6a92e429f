package phoneswap

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/secretbox"
	"github.com/mijnaccount/mijnaccount/storage"
)

// MaxDuration is the longest a swap may run.
const MaxDuration = 90 * 24 * time.Hour

// Errors.
var (
	ErrActive   = errors.New("phoneswap: a swap is already running")
	ErrNoSwap   = errors.New("phoneswap: no running swap")
	ErrInvalid  = errors.New("phoneswap: invalid swap")
	ErrNoFactor = errors.New("phoneswap: the user has no SMS factor")
)

// Swap is one temporary number period.
type Swap struct {
	ID        string
	UserID    string
	FactorID  string
	Original  string // the number put back at the end (E.164); never logged
	Temporary string // the number in use during the swap, filled by callers that know it
	StartedAt time.Time
	StartedBy string // user id, or helpdesk actor id
	EndsAt    time.Time
}

// Event is what Notify is told: "started" or "ended".
type Event struct {
	Kind      string // "started" | "ended"
	Swap      Swap
	Temporary string // the number that was or is in use
	By        string // actor of the change; "" for the background job
}

// Sessions ends a user's sessions (and thereby tells the relying parties).
type Sessions interface {
	RevokeAll(ctx context.Context, userID, except string) (int, error)
}

// Service starts and ends swaps.
type Service struct {
	DB       *storage.DB
	Keys     secretbox.Keyring
	Factors  mfa.Store
	Sessions Sessions
	// Notify tells the user (mail) and both numbers (SMS); failures are its
	// own to log.
	Notify func(ctx context.Context, e Event)
	Now    func() time.Time
	Log    *slog.Logger
}

func ad(id string) []byte { return []byte("phone-swap:" + id) }

// Start puts newPhone (verified by the caller) into the user's SMS factor
// until endsAt (zero: until reverted by hand), keeps the current number
// sealed, ends every session of the user and notifies.
func (s *Service) Start(ctx context.Context, userID, newPhone string, endsAt time.Time, by string) (Swap, error) {
	now := s.Now().UTC()
	if !endsAt.IsZero() && (!endsAt.After(now) || endsAt.Sub(now) > MaxDuration) {
		return Swap{}, fmt.Errorf("%w: the end must be in the future and at most 90 days away", ErrInvalid)
	}
	factor, err := s.smsFactor(ctx, userID)
	if err != nil {
		return Swap{}, err
	}
	if factor.Secret == newPhone {
		return Swap{}, fmt.Errorf("%w: the temporary number is the current number", ErrInvalid)
	}
	sw := Swap{ID: storage.NewID(), UserID: userID, FactorID: factor.ID, Original: factor.Secret,
		Temporary: newPhone, StartedAt: now, StartedBy: by, EndsAt: endsAt.UTC()}
	sealed, err := s.Keys.Seal([]byte(factor.Secret), ad(sw.ID))
	if err != nil {
		return Swap{}, err
	}
	_, err = s.DB.ExecContext(ctx, `INSERT INTO phone_swaps (id, user_id, factor_id, original_phone, started_at, started_by, ends_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, sw.ID, userID, factor.ID, sealed, storage.Micros(now), by, micros(sw.EndsAt))
	if storage.IsUniqueViolation(err) {
		return Swap{}, ErrActive
	}
	if err != nil {
		return Swap{}, fmt.Errorf("phoneswap: store: %w", err)
	}
	if err := s.Factors.ReplaceSecret(ctx, userID, factor.ID, newPhone); err != nil {
		_, _ = s.DB.ExecContext(context.WithoutCancel(ctx), `DELETE FROM phone_swaps WHERE id = $1`, sw.ID)
		return Swap{}, fmt.Errorf("phoneswap: set temporary number: %w", err)
	}
	if _, err := s.Sessions.RevokeAll(ctx, userID, ""); err != nil {
		return sw, fmt.Errorf("phoneswap: end sessions: %w", err)
	}
	s.notify(ctx, Event{Kind: "started", Swap: sw, Temporary: newPhone, By: by})
	return sw, nil
}

func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return storage.Micros(t)
}

func (s *Service) smsFactor(ctx context.Context, userID string) (mfa.Factor, error) {
	fs, err := s.Factors.ListFactors(ctx, userID)
	if err != nil {
		return mfa.Factor{}, err
	}
	for _, f := range fs {
		if f.Kind == mfa.KindSMS {
			return f, nil
		}
	}
	return mfa.Factor{}, ErrNoFactor
}

func (s *Service) notify(ctx context.Context, e Event) {
	if s.Notify != nil {
		s.Notify(context.WithoutCancel(ctx), e)
	}
}

// Active returns the user's running swap.
func (s *Service) Active(ctx context.Context, userID string) (Swap, error) {
	row := s.DB.QueryRowContext(ctx, `SELECT id, user_id, factor_id, original_phone, started_at, started_by, ends_at
		FROM phone_swaps WHERE user_id = $1 AND reverted_at = 0`, userID)
	return s.scan(row)
}

func (s *Service) scan(row storage.Scanner) (Swap, error) {
	var (
		sw            Swap
		sealed        string
		started, ends int64
	)
	err := row.Scan(&sw.ID, &sw.UserID, &sw.FactorID, &sealed, &started, &sw.StartedBy, &ends)
	if errors.Is(err, sql.ErrNoRows) {
		return Swap{}, ErrNoSwap
	}
	if err != nil {
		return Swap{}, fmt.Errorf("phoneswap: read: %w", err)
	}
	raw, err := s.Keys.Open(sealed, ad(sw.ID))
	if err != nil {
		return Swap{}, fmt.Errorf("phoneswap: open swap %s: %w", sw.ID, err)
	}
	sw.Original, sw.StartedAt = string(raw), storage.FromMicros(started)
	if ends != 0 {
		sw.EndsAt = storage.FromMicros(ends)
	}
	return sw, nil
}
