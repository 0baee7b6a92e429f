package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// SQLStore is the Store on SQLite or PostgreSQL (table sms_ledger of
// migration 0005_sms_ledger).
type SQLStore struct {
	db *storage.DB
	// Now gives CreatedAt for entries recorded without one.
	Now func() time.Time
}

var _ Store = (*SQLStore)(nil)

// NewSQLStore returns a store on db, which must carry storage.Schema.
func NewSQLStore(db *storage.DB) *SQLStore {
	return &SQLStore{db: db, Now: time.Now}
}

const columns = `id, org_id, customer_id, purpose, segments, provider, provider_id, status, created_at, updated_at`

// Record validates e and inserts it.
func (s *SQLStore) Record(ctx context.Context, e Entry) error {
	if e.ID == "" {
		e.ID = storage.NewID()
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = s.Now()
	}
	if e.UpdatedAt.IsZero() {
		e.UpdatedAt = e.CreatedAt
	}
	e.CreatedAt, e.UpdatedAt = roundTime(e.CreatedAt), roundTime(e.UpdatedAt)
	if err := validate(e); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO sms_ledger (`+columns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		e.ID, e.OrgID, e.CustomerID, e.Purpose, e.Segments, e.Provider, e.ProviderID, e.Status,
		storage.Micros(e.CreatedAt), storage.Micros(e.UpdatedAt))
	if storage.IsUniqueViolation(err) {
		// The violated constraint names its columns (SQLite) or is named
		// after them (PostgreSQL); only UNIQUE(provider, provider_id) says
		// "provider".
		if strings.Contains(err.Error(), "provider") {
			return fmt.Errorf("%w: %s message %q is already in the ledger", ErrAlreadyExists, e.Provider, e.ProviderID)
		}
		return fmt.Errorf("%w: entry id %q is taken", ErrAlreadyExists, e.ID)
	}
	if err != nil {
		return fmt.Errorf("ledger: record: %w", err)
	}
	return nil
}

// UpdateStatus moves the status of one message forward and sets its
// segments when given. The row is read and written in one transaction
// (locked on PostgreSQL; SQLite transactions hold the write lock from BEGIN).
func (s *SQLStore) UpdateStatus(ctx context.Context, provider, providerID, status string, segments int, at time.Time) error {
	switch {
	case !ValidStatus(status):
		return fmt.Errorf("%w: status %q is not a known provider status", ErrInvalid, status)
	case segments < 0:
		return fmt.Errorf("%w: segments is %d, must be at least 0 (0 keeps the stored count)", ErrInvalid, segments)
	case at.IsZero():
		return fmt.Errorf("%w: status update needs a time", ErrInvalid)
	}
	lock := ""
	if s.db.Dialect == storage.Postgres {
		lock = " FOR UPDATE"
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		var oldStatus string
		var oldSegments int
		var updated int64
		err := tx.QueryRowContext(ctx, `SELECT status, segments, updated_at FROM sms_ledger WHERE provider = $1 AND provider_id = $2`+lock,
			provider, providerID).Scan(&oldStatus, &oldSegments, &updated)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: no %s message %q", ErrNotFound, provider, providerID)
		}
		if err != nil {
			return fmt.Errorf("ledger: update status: %w", err)
		}
		newStatus, newSegments := oldStatus, oldSegments
		if Rank(status) > Rank(oldStatus) {
			newStatus = status
		}
		if segments > 0 {
			newSegments = segments
		}
		if newStatus == oldStatus && newSegments == oldSegments {
			return nil
		}
		// updated_at never goes back, even for an update that arrives late.
		stamp := max(storage.Micros(at), updated)
		_, err = tx.ExecContext(ctx, `UPDATE sms_ledger SET status = $1, segments = $2, updated_at = $3 WHERE provider = $4 AND provider_id = $5`,
			newStatus, newSegments, stamp, provider, providerID)
		if err != nil {
			return fmt.Errorf("ledger: update status: %w", err)
		}
		return nil
	})
}

// List returns the entries matching f, oldest first (ties by id).
func (s *SQLStore) List(ctx context.Context, f Filter) ([]Entry, error) {
	if err := checkFilter(f); err != nil {
		return nil, err
	}
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.CustomerID != "" {
		where = append(where, "customer_id = "+arg(f.CustomerID))
	}
	if f.OrgID != "" {
		where = append(where, "org_id = "+arg(f.OrgID))
	}
	if !f.From.IsZero() {
		where = append(where, "created_at >= "+arg(storage.Micros(f.From)))
	}
	if !f.To.IsZero() {
		where = append(where, "created_at < "+arg(storage.Micros(f.To)))
	}
	q := `SELECT ` + columns + ` FROM sms_ledger`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY created_at, id`
	if f.Limit > 0 {
		q += ` LIMIT ` + arg(f.Limit)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("ledger: list: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var created, updated int64
		if err := rows.Scan(&e.ID, &e.OrgID, &e.CustomerID, &e.Purpose, &e.Segments, &e.Provider, &e.ProviderID,
			&e.Status, &created, &updated); err != nil {
			return nil, fmt.Errorf("ledger: list: %w", err)
		}
		e.CreatedAt, e.UpdatedAt = storage.FromMicros(created), storage.FromMicros(updated)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger: list: %w", err)
	}
	return out, nil
}

// roundTime truncates t to microseconds in UTC, as stored.
func roundTime(t time.Time) time.Time { return storage.FromMicros(storage.Micros(t)) }
