package keys

import (
	"context"
	"crypto"
	"crypto/x509"
	"database/sql"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// record is one signing_keys row: the Key plus its stored forms.
type record struct {
	Key
	publicDER []byte
	sealed    string // sealed PKCS#8 DER; empty once retired
}

const keyColumns = `id, alg, state, public_key, private_key, created_at, activated_at, retired_at`

func scanRecord(row storage.Scanner) (record, error) {
	var (
		r                           record
		state, pub                  string
		created, activated, retired int64
	)
	if err := row.Scan(&r.ID, &r.Alg, &state, &pub, &r.sealed, &created, &activated, &retired); err != nil {
		return record{}, err
	}
	r.State = State(state)
	r.CreatedAt, r.ActivatedAt, r.RetiredAt = storage.FromMicros(created), storage.FromMicros(activated), storage.FromMicros(retired)
	der, err := base64.StdEncoding.DecodeString(pub)
	if err != nil {
		return record{}, fmt.Errorf("keys: public key of kid %s is not base64", r.ID)
	}
	r.publicDER = der
	if r.Public, err = x509.ParsePKIXPublicKey(der); err != nil {
		return record{}, fmt.Errorf("keys: public key of kid %s does not parse: %v", r.ID, err)
	}
	return r, nil
}

func queryRecords(ctx context.Context, q storage.Querier, where string, args ...any) ([]record, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+keyColumns+` FROM signing_keys `+where+` ORDER BY alg, created_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("keys: read signing keys: %w", err)
	}
	defer rows.Close()
	var out []record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("keys: read signing keys: %w", err)
	}
	return out, nil
}

func hasCurrent(ctx context.Context, q storage.Querier, alg string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM signing_keys WHERE alg = $1 AND state = 'current'`, alg).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("keys: look for current %s key: %w", alg, err)
	}
	return n > 0, nil
}

func insertCurrent(ctx context.Context, q storage.Querier, r record) error {
	_, err := q.ExecContext(ctx, `INSERT INTO signing_keys (`+keyColumns+`) VALUES ($1, $2, 'current', $3, $4, $5, $6, 0)`,
		r.ID, r.Alg, base64.StdEncoding.EncodeToString(r.publicDER), r.sealed,
		storage.Micros(r.CreatedAt), storage.Micros(r.ActivatedAt))
	return err
}

// shiftAndInsert retires the previous key of r's algorithm (erasing its
// private key), demotes the current one to previous and inserts r as current.
func shiftAndInsert(ctx context.Context, q storage.Querier, r record) error {
	if _, err := q.ExecContext(ctx, `UPDATE signing_keys SET state = 'retired', retired_at = $2, private_key = ''
		WHERE alg = $1 AND state = 'previous'`, r.Alg, storage.Micros(r.ActivatedAt)); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `UPDATE signing_keys SET state = 'previous' WHERE alg = $1 AND state = 'current'`, r.Alg); err != nil {
		return err
	}
	return insertCurrent(ctx, q, r)
}

// findByPublic returns the row holding the same public key as r, if any.
func findByPublic(ctx context.Context, q storage.Querier, r record) (record, bool, error) {
	found, err := queryRecords(ctx, q, `WHERE public_key = $1`, base64.StdEncoding.EncodeToString(r.publicDER))
	if err != nil || len(found) == 0 {
		return record{}, false, err
	}
	return found[0], true, nil
}

// keysLockID is the PostgreSQL advisory lock that serializes changes to
// signing_keys (the ASCII bytes of "sign_key").
const keysLockID int64 = 0x7369676e5f6b6579

// lockKeys serializes transactions that change signing keys, so concurrent
// starts and rotations queue instead of colliding on the unique indexes (or
// deadlocking on them). SQLite needs nothing: its transactions take the write
// lock at BEGIN.
func lockKeys(ctx context.Context, db *storage.DB, tx *sql.Tx) error {
	if db.Dialect != storage.Postgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, keysLockID); err != nil {
		return fmt.Errorf("keys: lock signing keys: %w", err)
	}
	return nil
}

// retryConflicts runs fn again when it failed on a unique constraint: another
// process changed the keys of the same algorithm at the same moment, and the
// next attempt sees what it did.
func retryConflicts(fn func() error) error {
	var err error
	for range 4 {
		if err = fn(); !storage.IsUniqueViolation(err) {
			return err
		}
	}
	return err
}

// stamp returns the manager's time in the storage resolution.
func (m *Manager) stamp() time.Time { return m.now().UTC().Truncate(time.Microsecond) }

// newRecord makes the row for a new current key of alg.
func (m *Manager) newRecord(alg string, priv crypto.Signer) (record, error) {
	kid := newKID()
	pub, err := x509.MarshalPKIXPublicKey(priv.Public())
	if err != nil {
		return record{}, fmt.Errorf("keys: encode public key: %w", err)
	}
	sealed, err := sealPrivate(m.keyring, kid, priv)
	if err != nil {
		return record{}, err
	}
	now := m.stamp()
	return record{
		Key:       Key{ID: kid, Alg: alg, State: StateCurrent, CreatedAt: now, ActivatedAt: now, Public: priv.Public()},
		publicDER: pub,
		sealed:    sealed,
	}, nil
}
