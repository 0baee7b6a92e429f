package invite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Kind tells invitations from password resets.
type Kind string

// The kinds of link.
const (
	KindInvitation   Kind = "invitation"
	KindReset        Kind = "password_reset"
	KindConfirmation Kind = "email_confirmation"
)

// MaxAttempts is how many wrong identity answers void an invitation.
const MaxAttempts = 5

// ErrInvalid is returned for an unknown, expired, used or voided link.
var ErrInvalid = errors.New("invite: link is not valid")

// Token is one single-use link.
type Token struct {
	ID        string
	Kind      Kind
	UserID    string
	CreatedBy string
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    time.Time
	Attempts  int
	Voided    bool
}

// Tokens stores links in the main database.
type Tokens struct {
	DB  *storage.DB
	Now func() time.Time
}

func hashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// Create stores a new link for user and returns its secret. Earlier unused
// links of the same kind for the user are voided, so only the newest works.
func (s *Tokens) Create(ctx context.Context, kind Kind, userID, createdBy string, ttl time.Duration) (string, Token, error) {
	secret := storage.RandomString(32)
	now := s.Now().UTC()
	t := Token{ID: storage.NewID(), Kind: kind, UserID: userID, CreatedBy: createdBy, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	err := s.DB.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE account_tokens SET voided = TRUE WHERE user_id = $1 AND kind = $2 AND used_at = 0`, userID, string(kind)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO account_tokens (id, kind, user_id, token_hash, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			t.ID, string(kind), userID, hashToken(secret), createdBy, storage.Micros(now), storage.Micros(t.ExpiresAt))
		return err
	})
	if err != nil {
		return "", Token{}, fmt.Errorf("invite: create link: %w", err)
	}
	return secret, t, nil
}

// Lookup returns the live link for secret, or ErrInvalid.
func (s *Tokens) Lookup(ctx context.Context, kind Kind, secret string) (Token, error) {
	if len(secret) < 20 || len(secret) > 100 {
		return Token{}, ErrInvalid
	}
	var t Token
	var created, expires, used int64
	err := s.DB.QueryRowContext(ctx, `SELECT id, kind, user_id, created_by, created_at, expires_at, used_at, attempts, voided
		FROM account_tokens WHERE token_hash = $1 AND kind = $2`, hashToken(secret), string(kind)).
		Scan(&t.ID, &t.Kind, &t.UserID, &t.CreatedBy, &created, &expires, &used, &t.Attempts, &t.Voided)
	if errors.Is(err, sql.ErrNoRows) {
		return Token{}, ErrInvalid
	}
	if err != nil {
		return Token{}, fmt.Errorf("invite: lookup: %w", err)
	}
	t.CreatedAt, t.ExpiresAt, t.UsedAt = storage.FromMicros(created), storage.FromMicros(expires), storage.FromMicros(used)
	if t.Voided || !t.UsedAt.IsZero() || !s.Now().Before(t.ExpiresAt) || t.Attempts >= MaxAttempts {
		return Token{}, ErrInvalid
	}
	return t, nil
}

// Fail counts a wrong identity answer and reports whether the link is now void.
func (s *Tokens) Fail(ctx context.Context, id string) (voided bool, err error) {
	var attempts int
	err = s.DB.InTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `UPDATE account_tokens SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts`, id).Scan(&attempts); err != nil {
			return err
		}
		if attempts >= MaxAttempts {
			_, err := tx.ExecContext(ctx, `UPDATE account_tokens SET voided = TRUE WHERE id = $1`, id)
			return err
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("invite: count attempt: %w", err)
	}
	return attempts >= MaxAttempts, nil
}

// Use marks the link used. It fails with ErrInvalid when another request used
// it first, so a link works exactly once.
func (s *Tokens) Use(ctx context.Context, id string) error {
	res, err := s.DB.ExecContext(ctx, `UPDATE account_tokens SET used_at = $1 WHERE id = $2 AND used_at = 0 AND voided = FALSE`, storage.Micros(s.Now()), id)
	if err != nil {
		return fmt.Errorf("invite: use link: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrInvalid
	}
	return nil
}
