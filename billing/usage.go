package billing

import (
	"context"
	"fmt"
	"math"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Kinds of report line.
const (
	kindUsage      = "usage"      // messages accepted in the period
	kindAdjustment = "adjustment" // late outcomes of messages of an earlier closed month
)

// line is one aggregate row: a customer's usage (or adjustment) for one
// organisation and purpose.
type line struct {
	kind         string
	month        string // billing month of usage lines read from the ledger
	customerID   string
	customerName string
	orgID        string
	orgName      string
	purpose      string
	Totals
}

// noCutoff counts every status event, whenever it was received.
const noCutoff = math.MaxInt64

// Statuses that end a message's life. The first one reported decides its
// outcome; later reports do not change it.
const finalStatuses = `('delivered', 'undelivered', 'failed', 'canceled')`

// outcome is the SQL for the outcome of ledger row l: its own status when
// that is final, else the first final status received at or before cutoff
// (ties broken by name), else NULL. It reads at most a few index entries of
// sms_status_events (UNIQUE provider, provider_id, status).
func outcome(cutoff string) string {
	return `CASE WHEN l.status IN ` + finalStatuses + ` THEN l.status ELSE
		(SELECT e.status FROM sms_status_events e
		 WHERE e.provider = l.provider AND e.provider_id = l.provider_id
		   AND e.status IN ` + finalStatuses + ` AND e.received_at <= ` + cutoff + `
		 ORDER BY e.received_at, e.status LIMIT 1) END`
}

// usageQuery is the SQL of usage; cutoff is the placeholder of the cut-off.
// The rows with their outcome are materialised first, so that the status
// lookup runs once per row although two sums read the outcome.
func usageQuery(where, cutoff string) string {
	return `WITH m AS MATERIALIZED (
			SELECT l.billing_month, l.customer_id, l.org_id, l.purpose, l.segments, l.tariff_cents,
				` + outcome(cutoff) + ` AS outcome
			FROM sms_ledger l WHERE ` + where + `)
		SELECT billing_month, customer_id, org_id, purpose, COUNT(*),
			CAST(SUM(segments) AS BIGINT),
			CAST(SUM(segments * tariff_cents) AS BIGINT),
			CAST(SUM(CASE WHEN outcome = 'delivered' THEN 1 ELSE 0 END) AS BIGINT),
			CAST(SUM(CASE WHEN outcome IN ('undelivered', 'failed') THEN 1 ELSE 0 END) AS BIGINT)
		FROM m
		GROUP BY billing_month, customer_id, org_id, purpose`
}

// usage aggregates the ledger rows matching where (on alias l) in SQL, per
// billing month, customer, organisation and purpose, counting status events
// received up to cutoff (Unix microseconds).
func (s *Service) usage(ctx context.Context, q storage.Querier, where string, p params, cutoff int64) ([]line, error) {
	query := usageQuery(where, p.add(cutoff))
	rows, err := q.QueryContext(ctx, query, p...)
	if err != nil {
		return nil, fmt.Errorf("billing: usage: %w", err)
	}
	defer rows.Close()
	var out []line
	for rows.Next() {
		l := line{kind: kindUsage}
		if err := rows.Scan(&l.month, &l.customerID, &l.orgID, &l.purpose, &l.Messages, &l.Segments,
			&l.AmountCents, &l.Delivered, &l.Failed); err != nil {
			return nil, fmt.Errorf("billing: usage: %w", err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("billing: usage: %w", err)
	}
	return out, nil
}

// adjustments returns the late outcomes reported in month (received in
// [from, to)) for messages that had no outcome when their own month was
// closed (sms_close_unresolved), counting only months closed before cutoff
// (the close of month itself, or noCutoff while it is open). A message counts
// in the month its first final status is received in. Canceled outcomes
// change no count and are left out. The query starts from the few
// unresolved messages, not from the month's events.
func (s *Service) adjustments(ctx context.Context, q storage.Querier, month string, from, to int64, customerID string, cutoff int64) ([]line, error) {
	var p params
	query := `SELECT u.customer_id, u.org_id, u.purpose,
			CAST(SUM(CASE WHEN e.status = 'delivered' THEN 1 ELSE 0 END) AS BIGINT),
			CAST(SUM(CASE WHEN e.status IN ('undelivered', 'failed') THEN 1 ELSE 0 END) AS BIGINT)
		FROM sms_close_unresolved u
		JOIN sms_billing_closes c ON c.month = u.month
		JOIN sms_status_events e ON e.provider = u.provider AND e.provider_id = u.provider_id
		WHERE c.closed_at < ` + p.add(cutoff) + `
		  AND e.status IN ('delivered', 'undelivered', 'failed')
		  AND e.received_at >= ` + p.add(from) + ` AND e.received_at < ` + p.add(to) + `
		  AND NOT EXISTS (SELECT 1 FROM sms_status_events f
			WHERE f.provider = e.provider AND f.provider_id = e.provider_id AND f.status IN ` + finalStatuses + `
			  AND (f.received_at < e.received_at OR (f.received_at = e.received_at AND f.status < e.status)))`
	if customerID != "" {
		query += ` AND u.customer_id = ` + p.add(customerID)
	}
	query += ` GROUP BY u.customer_id, u.org_id, u.purpose`
	rows, err := q.QueryContext(ctx, query, p...)
	if err != nil {
		return nil, fmt.Errorf("billing: adjustments: %w", err)
	}
	defer rows.Close()
	var out []line
	for rows.Next() {
		l := line{kind: kindAdjustment, month: month}
		if err := rows.Scan(&l.customerID, &l.orgID, &l.purpose, &l.Delivered, &l.Failed); err != nil {
			return nil, fmt.Errorf("billing: adjustments: %w", err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("billing: adjustments: %w", err)
	}
	return out, nil
}

// liveMonth computes the usage and adjustment lines of an open month (or of
// a month being closed, with its cut-off).
func (s *Service) liveMonth(ctx context.Context, q storage.Querier, month, customerID string, cutoff int64) ([]line, error) {
	from, to, err := MonthBounds(month)
	if err != nil {
		return nil, err
	}
	var p params
	where := `l.billing_month = ` + p.add(month)
	if customerID != "" {
		where += ` AND l.customer_id = ` + p.add(customerID)
	}
	lines, err := s.usage(ctx, q, where, p, cutoff)
	if err != nil {
		return nil, err
	}
	adj, err := s.adjustments(ctx, q, month, from.UnixMicro(), to.UnixMicro(), customerID, cutoff)
	if err != nil {
		return nil, err
	}
	return append(lines, adj...), nil
}

// name fills in the names of customers and organisations as they are now.
func (s *Service) name(ctx context.Context, lines []line) error {
	if len(lines) == 0 {
		return nil
	}
	names, err := s.orgNames(ctx)
	if err != nil {
		return fmt.Errorf("billing: organisation names: %w", err)
	}
	for i := range lines {
		lines[i].customerName, lines[i].orgName = names[lines[i].customerID], names[lines[i].orgID]
	}
	return nil
}
