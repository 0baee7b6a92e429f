package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/mijnaccount/mijnaccount/storage"
)

// RecordStatus validates ev and stores it beside the message's entry; the
// entry itself is not touched. A repeated status is dropped by the unique
// key (provider, provider_id, status), also when two reports race.
func (s *SQLStore) RecordStatus(ctx context.Context, ev StatusEvent) (bool, error) {
	if ev.ReceivedAt.IsZero() {
		ev.ReceivedAt = s.Now()
	}
	if err := validateEvent(ev); err != nil {
		return false, err
	}
	// Entries are never removed, so one that exists now still exists when
	// the event is inserted.
	var one int
	err := s.db.QueryRowContext(ctx, `SELECT 1 FROM sms_ledger WHERE provider = $1 AND provider_id = $2`,
		ev.Provider, ev.ProviderID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("%w: no %s message %q", ErrNotFound, ev.Provider, ev.ProviderID)
	}
	if err != nil {
		return false, fmt.Errorf("ledger: record status: %w", err)
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO sms_status_events
		(id, provider, provider_id, status, segments, error_code, received_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (provider, provider_id, status) DO NOTHING`,
		storage.NewID(), ev.Provider, ev.ProviderID, ev.Status, ev.Segments, ev.ErrorCode, storage.Micros(ev.ReceivedAt))
	if err != nil {
		return false, fmt.Errorf("ledger: record status: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("ledger: record status: %w", err)
	}
	return n == 1, nil
}

// Status returns the current status of one message.
func (s *SQLStore) Status(ctx context.Context, provider, providerID string) (string, error) {
	list, err := s.query(ctx, selectEntries+` WHERE l.provider = $1 AND l.provider_id = $2`, provider, providerID)
	if err != nil {
		return "", fmt.Errorf("ledger: status: %w", err)
	}
	if len(list) == 0 {
		return "", fmt.Errorf("%w: no %s message %q", ErrNotFound, provider, providerID)
	}
	return list[0].Status, nil
}

// rankSQL is Rank as an SQL expression over the status column col.
func rankSQL(col string) string {
	var b strings.Builder
	b.WriteString("CASE " + col)
	for _, st := range slices.Sorted(maps.Keys(ranks)) {
		b.WriteString(" WHEN '" + st + "' THEN " + strconv.Itoa(ranks[st]))
	}
	b.WriteString(" ELSE 0 END")
	return b.String()
}

// bestEvent selects one column of a message's leading status event: the
// highest-ranked, the earliest received among equals (so the first final
// status stays), and among those received at the same instant the first by
// name. A message has one event per status, so the choice is unambiguous.
func bestEvent(col string) string {
	return `(SELECT x.` + col + ` FROM sms_status_events x
		WHERE x.provider = l.provider AND x.provider_id = l.provider_id
		ORDER BY ` + rankSQL("x.status") + ` DESC, x.received_at, x.status LIMIT 1)`
}

// selectEntries reads entries (alias l) with their leading status event;
// append WHERE, ORDER BY and LIMIT clauses.
var selectEntries = `SELECT l.id, l.org_id, l.customer_id, l.purpose, l.segments, l.provider, l.provider_id,
	l.status, l.country_prefix, l.tariff_cents, l.billing_month, l.created_at, l.updated_at,
	` + bestEvent("status") + `, ` + bestEvent("received_at") + `
	FROM sms_ledger l`

// query runs a selectEntries query and applies the leading status event:
// it replaces the recorded status only when it ranks higher.
func (s *SQLStore) query(ctx context.Context, q string, args ...any) ([]Entry, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var created, updated int64
		var evStatus sql.NullString
		var evAt sql.NullInt64
		if err := rows.Scan(&e.ID, &e.OrgID, &e.CustomerID, &e.Purpose, &e.Segments, &e.Provider, &e.ProviderID,
			&e.Status, &e.CountryPrefix, &e.TariffCents, &e.BillingMonth, &created, &updated, &evStatus, &evAt); err != nil {
			return nil, err
		}
		if evStatus.Valid && Rank(evStatus.String) > Rank(e.Status) {
			e.Status = evStatus.String
			updated = max(updated, evAt.Int64)
		}
		e.CreatedAt, e.UpdatedAt = storage.FromMicros(created), storage.FromMicros(updated)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
