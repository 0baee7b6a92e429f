package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// SQLStore is the Store on SQLite or PostgreSQL (tables of migration
// 0002_accounts).
type SQLStore struct {
	db *storage.DB
	// Now gives the time for CreatedAt, UpdatedAt and role grants.
	Now func() time.Time
}

var _ Store = (*SQLStore)(nil)

// NewSQLStore returns a store on db, which must carry storage.Schema.
func NewSQLStore(db *storage.DB) *SQLStore {
	return &SQLStore{db: db, Now: time.Now}
}

// now returns the store's time truncated to what the database keeps.
func (s *SQLStore) now() time.Time { return roundTime(s.Now()) }

// roundTime truncates t to microseconds in UTC, as stored.
func roundTime(t time.Time) time.Time { return storage.FromMicros(storage.Micros(t)) }

// forUpdate is appended to the SELECT of a compare-and-swap update: it locks
// the row on PostgreSQL. SQLite transactions already hold the write lock from
// BEGIN (storage.Open asks for immediate transactions).
func (s *SQLStore) forUpdate() string {
	if s.db.Dialect == storage.Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// inTx runs fn in a transaction, rolled back when fn fails.
func (s *SQLStore) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.db.InTx(ctx, fn)
}

// notFound maps sql.ErrNoRows to ErrNotFound naming what was missing.
func notFound(err error, what, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s %q: %w", what, id, ErrNotFound)
	}
	return err
}

// alreadyExists maps a unique violation to ErrAlreadyExists.
func alreadyExists(err error, what string) error {
	if storage.IsUniqueViolation(err) {
		return fmt.Errorf("%s: %w", what, ErrAlreadyExists)
	}
	return err
}

// joinList and splitList store lists of simple tokens (factors, CIDRs,
// rights) as comma-separated text; none of them can contain a comma.
func joinList(items []string) string { return strings.Join(items, ",") }

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// nullable stores "" as NULL (for optional foreign keys).
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// cloneList copies a list, nil when empty, as it reads back from the database.
func cloneList(items []string) []string {
	if len(items) == 0 {
		return nil
	}
	return append([]string(nil), items...)
}
