package ledger

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// SQLStore is the Store on SQLite or PostgreSQL: entries in table
// sms_ledger (migrations 0005_sms_ledger and 0009_sms_billing), which it
// only ever inserts into, and status reports in sms_status_events.
type SQLStore struct {
	db *storage.DB
	// Now gives CreatedAt for entries recorded without one and ReceivedAt
	// for status events without one.
	Now func() time.Time
}

var _ Store = (*SQLStore)(nil)

// NewSQLStore returns a store on db, which must carry storage.Schema.
func NewSQLStore(db *storage.DB) *SQLStore {
	return &SQLStore{db: db, Now: time.Now}
}

const insertColumns = `id, org_id, customer_id, purpose, segments, provider, provider_id, status,
	country_prefix, tariff_cents, billing_month, created_at, updated_at`

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
	if e.BillingMonth == "" {
		e.BillingMonth = MonthOf(e.CreatedAt)
	}
	if err := validate(e); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO sms_ledger (`+insertColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		e.ID, e.OrgID, e.CustomerID, e.Purpose, e.Segments, e.Provider, e.ProviderID, e.Status,
		e.CountryPrefix, e.TariffCents, e.BillingMonth, storage.Micros(e.CreatedAt), storage.Micros(e.UpdatedAt))
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

// List returns the entries matching f, oldest first (ties by id), each with
// its current status.
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
		where = append(where, "l.customer_id = "+arg(f.CustomerID))
	}
	if f.OrgID != "" {
		where = append(where, "l.org_id = "+arg(f.OrgID))
	}
	if !f.From.IsZero() {
		where = append(where, "l.created_at >= "+arg(storage.Micros(f.From)))
	}
	if !f.To.IsZero() {
		where = append(where, "l.created_at < "+arg(storage.Micros(f.To)))
	}
	q := selectEntries
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY l.created_at, l.id`
	if f.Limit > 0 {
		q += ` LIMIT ` + arg(f.Limit)
	}
	out, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("ledger: list: %w", err)
	}
	return out, nil
}

// roundTime truncates t to microseconds in UTC, as stored.
func roundTime(t time.Time) time.Time { return storage.FromMicros(storage.Micros(t)) }
