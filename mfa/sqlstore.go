package mfa

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/secretbox"
	"github.com/mijnaccount/mijnaccount/storage"
)

// SQLStore keeps factors in SQLite or PostgreSQL.
type SQLStore struct {
	db   *storage.DB
	keys secretbox.Keyring
	now  func() time.Time
}

var _ Store = (*SQLStore)(nil)

// NewSQLStore returns a store on db that seals secrets with keys.
func NewSQLStore(db *storage.DB, keys secretbox.Keyring, now func() time.Time) *SQLStore {
	if now == nil {
		now = time.Now
	}
	return &SQLStore{db: db, keys: keys, now: now}
}

const factorColumns = `id, user_id, kind, name, secret, credential, credential_id, last_step, sign_count, is_default, created_at, last_used_at`

func (s *SQLStore) scan(row storage.Scanner) (Factor, error) {
	var (
		f               Factor
		sealed, cred    string
		credID          sql.NullString
		signCount       int64
		created, usedAt int64
	)
	if err := row.Scan(&f.ID, &f.UserID, &f.Kind, &f.Name, &sealed, &cred, &credID, &f.LastStep, &signCount,
		&f.Default, &created, &usedAt); err != nil {
		return Factor{}, err
	}
	secret, err := openSecret(s.keys, f.ID, sealed)
	if err != nil {
		return Factor{}, err
	}
	f.Secret, f.CredentialID, f.SignCount = secret, credID.String, uint32(signCount)
	if cred != "" {
		f.Credential = []byte(cred)
	}
	f.CreatedAt, f.LastUsedAt = storage.FromMicros(created), storage.FromMicros(usedAt)
	return f, nil
}

// ListFactors implements Store.
func (s *SQLStore) ListFactors(ctx context.Context, userID string) ([]Factor, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+factorColumns+` FROM factors WHERE user_id = $1 ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, fmt.Errorf("mfa: list factors: %w", err)
	}
	defer rows.Close()
	var out []Factor
	for rows.Next() {
		f, err := s.scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// GetFactor implements Store.
func (s *SQLStore) GetFactor(ctx context.Context, userID, id string) (Factor, error) {
	f, err := s.scan(s.db.QueryRowContext(ctx, `SELECT `+factorColumns+` FROM factors WHERE id = $1 AND user_id = $2`, id, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return Factor{}, ErrNotFound
	}
	return f, err
}

// AddFactor implements Store.
func (s *SQLStore) AddFactor(ctx context.Context, f Factor) (Factor, error) {
	if err := Validate(f); err != nil {
		return Factor{}, err
	}
	f.ID = storage.NewID()
	f.CreatedAt = s.now().UTC().Truncate(time.Microsecond)
	f.LastUsedAt = time.Time{}
	sealed, err := sealSecret(s.keys, f.ID, f.Secret)
	if err != nil {
		return Factor{}, err
	}
	var credID any
	if f.CredentialID != "" {
		credID = f.CredentialID
	}
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM factors WHERE user_id = $1`, f.UserID).Scan(&n); err != nil {
			return err
		}
		f.Default = n == 0
		_, err := tx.ExecContext(ctx, `INSERT INTO factors (`+factorColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			f.ID, f.UserID, f.Kind, f.Name, sealed, string(f.Credential), credID, f.LastStep, int64(f.SignCount),
			f.Default, storage.Micros(f.CreatedAt), int64(0))
		return err
	})
	switch {
	case storage.IsUniqueViolation(err):
		return Factor{}, ErrAlreadyExists
	case err != nil && isForeignKey(err):
		return Factor{}, fmt.Errorf("%w: user %q does not exist", ErrInvalid, f.UserID)
	case err != nil:
		return Factor{}, fmt.Errorf("mfa: add factor: %w", err)
	}
	return f, nil
}

func isForeignKey(err error) bool {
	msg := err.Error()
	return containsAny(msg, "FOREIGN KEY constraint failed", "SQLSTATE 23503")
}

// exec runs a statement that must change exactly one row of the user's.
func (s *SQLStore) exec(ctx context.Context, what, query string, args ...any) error {
	res, err := s.db.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("mfa: %s: %w", what, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("mfa: %s: %w", what, err)
	} else if n == 0 {
		return ErrNotFound
	}
	return nil
}

// RenameFactor implements Store.
func (s *SQLStore) RenameFactor(ctx context.Context, userID, id, name string) error {
	if err := Validate(Factor{UserID: userID, Kind: KindTOTP, Secret: "x", Name: name}); err != nil {
		return err
	}
	return s.exec(ctx, "rename factor", `UPDATE factors SET name = $1 WHERE id = $2 AND user_id = $3`, name, id, userID)
}

// SetDefault implements Store.
func (s *SQLStore) SetDefault(ctx context.Context, userID, id string) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE factors SET is_default = (id = $1) WHERE user_id = $2`, id, userID); err != nil {
			return fmt.Errorf("mfa: set default: %w", err)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM factors WHERE id = $1 AND user_id = $2`, id, userID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound // rolls back: the user's default stays
		}
		return nil
	})
}

// ReplaceSecret implements Store.
func (s *SQLStore) ReplaceSecret(ctx context.Context, userID, id, secret string) error {
	if secret == "" {
		return fmt.Errorf("%w: the new secret is empty", ErrInvalid)
	}
	sealed, err := sealSecret(s.keys, id, secret)
	if err != nil {
		return err
	}
	return s.exec(ctx, "replace secret", `UPDATE factors SET secret = $1, last_step = 0 WHERE id = $2 AND user_id = $3 AND kind <> 'webauthn'`,
		sealed, id, userID)
}

// DeleteFactor implements Store.
func (s *SQLStore) DeleteFactor(ctx context.Context, userID, id string) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM factors WHERE user_id = $1`, userID).Scan(&n); err != nil {
			return err
		}
		var wasDefault bool
		err := tx.QueryRowContext(ctx, `SELECT is_default FROM factors WHERE id = $1 AND user_id = $2`, id, userID).Scan(&wasDefault)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if n <= 1 {
			return ErrLastFactor
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM factors WHERE id = $1 AND user_id = $2`, id, userID); err != nil {
			return err
		}
		if wasDefault {
			_, err = tx.ExecContext(ctx, `UPDATE factors SET is_default = TRUE WHERE id = (SELECT id FROM factors WHERE user_id = $1 ORDER BY created_at, id LIMIT 1)`, userID)
		}
		return err
	})
}

// DeleteAllFactors implements Store.
func (s *SQLStore) DeleteAllFactors(ctx context.Context, userID string) (int, error) {
	var n int64
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM factors WHERE user_id = $1`, userID)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("mfa: delete factors: %w", err)
	}
	return int(n), nil
}
