package mfa

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// UseTOTPStep implements Store: one conditional UPDATE, so of two requests
// with the same code only one changes the row.
func (s *SQLStore) UseTOTPStep(ctx context.Context, id string, step int64, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE factors SET last_step = $1, last_used_at = $2 WHERE id = $3 AND kind = 'totp' AND last_step < $1`,
		step, storage.Micros(at), id)
	if err != nil {
		return fmt.Errorf("mfa: use totp step: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("mfa: use totp step: %w", err)
	}
	if n == 1 {
		return nil
	}
	var exists int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM factors WHERE id = $1 AND kind = 'totp'`, id).Scan(&exists); err != nil {
		return fmt.Errorf("mfa: use totp step: %w", err)
	}
	if exists == 0 {
		return ErrNotFound
	}
	return ErrReplay
}

// UseKey implements Store.
func (s *SQLStore) UseKey(ctx context.Context, id string, signCount uint32, at time.Time) error {
	return s.exec(ctx, "use key", `UPDATE factors SET sign_count = $1, last_used_at = $2 WHERE id = $3 AND kind = 'webauthn'`,
		int64(signCount), storage.Micros(at), id)
}

// Touch implements Store.
func (s *SQLStore) Touch(ctx context.Context, id string, at time.Time) error {
	return s.exec(ctx, "touch factor", `UPDATE factors SET last_used_at = $1 WHERE id = $2`, storage.Micros(at), id)
}

// SetRecoveryCode implements Store.
func (s *SQLStore) SetRecoveryCode(ctx context.Context, userID, hash string, at time.Time) error {
	if userID == "" || len(hash) != 64 {
		return fmt.Errorf("%w: recovery code needs a user and a SHA-256 hash", ErrInvalid)
	}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)`,
			userID, hash, storage.Micros(at))
		return err
	})
	if err != nil && isForeignKey(err) {
		return fmt.Errorf("%w: user %q does not exist", ErrInvalid, userID)
	}
	if err != nil {
		return fmt.Errorf("mfa: set recovery code: %w", err)
	}
	return nil
}

// UseRecoveryCode implements Store. The hash is compared by the database's
// equality on a fixed-length hex digest of a 100-bit secret, which leaks
// nothing useful through timing.
func (s *SQLStore) UseRecoveryCode(ctx context.Context, userID, hash string) error {
	err := s.exec(ctx, "use recovery code", `DELETE FROM recovery_codes WHERE user_id = $1 AND code_hash = $2`, userID, hash)
	if errors.Is(err, ErrNotFound) {
		return ErrRecoveryCode
	}
	return err
}

// HasRecoveryCode implements Store.
func (s *SQLStore) HasRecoveryCode(ctx context.Context, userID string) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1`, userID).Scan(&n); err != nil {
		return false, fmt.Errorf("mfa: recovery code: %w", err)
	}
	return n > 0, nil
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
