package billing

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Notice tells a billing customer's administrators about a new tariff. The
// service only queues it; the caller mails it (to the customer's org-admins)
// and then calls MarkNoticeSent.
type Notice struct {
	ID              string    `json:"id"`
	CustomerID      string    `json:"customer_id"`
	TariffID        string    `json:"tariff_id"`
	DefaultTariff   bool      `json:"default_tariff"` // the new tariff is the default, not an override
	PreviousCents   int64     `json:"previous_cents"` // per segment, just before EffectiveFrom as known when entered
	CentsPerSegment int64     `json:"cents_per_segment"`
	EffectiveFrom   time.Time `json:"effective_from"`
	CreatedAt       time.Time `json:"created_at"`
}

// queueNotices stores a pending notice of t for each customer it changes.
// For a default tariff a customer with an override in force at
// EffectiveFrom is skipped: the default does not apply to it then.
func (s *Service) queueNotices(ctx context.Context, tx *sql.Tx, t Tariff, customers []string) error {
	skip := map[string]bool{}
	if t.CustomerID == "" {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT customer_id FROM sms_tariffs
			WHERE customer_id <> '' AND effective_from <= $1`, storage.Micros(t.EffectiveFrom))
		if err != nil {
			return fmt.Errorf("billing: queue notices: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return fmt.Errorf("billing: queue notices: %w", err)
			}
			skip[id] = true
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("billing: queue notices: %w", err)
		}
	}
	before := t.EffectiveFrom.Add(-time.Microsecond)
	for _, c := range customers {
		if skip[c] {
			continue
		}
		prev, err := s.tariffAt(ctx, tx, c, before)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO sms_tariff_notices (id, tariff_id, customer_id, previous_cents, status, created_at)
			VALUES ($1, $2, $3, $4, 'pending', $5)`, storage.NewID(), t.ID, c, prev, storage.Micros(t.EnteredAt))
		if err != nil {
			return fmt.Errorf("billing: queue notice: %w", err)
		}
	}
	return nil
}

// PendingNotices returns the notices not yet marked sent, oldest first.
func (s *Service) PendingNotices(ctx context.Context) ([]Notice, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT n.id, n.customer_id, n.tariff_id, t.customer_id, n.previous_cents,
			t.cents_per_segment, t.effective_from, n.created_at
		FROM sms_tariff_notices n JOIN sms_tariffs t ON t.id = n.tariff_id
		WHERE n.status = 'pending' ORDER BY n.created_at, n.customer_id, n.id`)
	if err != nil {
		return nil, fmt.Errorf("billing: pending notices: %w", err)
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		var n Notice
		var tariffCustomer string
		var from, created int64
		if err := rows.Scan(&n.ID, &n.CustomerID, &n.TariffID, &tariffCustomer, &n.PreviousCents,
			&n.CentsPerSegment, &from, &created); err != nil {
			return nil, fmt.Errorf("billing: pending notices: %w", err)
		}
		n.DefaultTariff = tariffCustomer == ""
		n.EffectiveFrom, n.CreatedAt = storage.FromMicros(from).In(Amsterdam), storage.FromMicros(created)
		out = append(out, n)
	}
	return out, rows.Err()
}

// MarkNoticeSent records that a notice was mailed. Marking a sent notice
// again changes nothing; an unknown id is ErrNotFound.
func (s *Service) MarkNoticeSent(ctx context.Context, id string) error {
	res, err := s.DB.ExecContext(ctx, `UPDATE sms_tariff_notices SET status = 'sent', sent_at = $1
		WHERE id = $2 AND status = 'pending'`, storage.Micros(s.now()), id)
	if err != nil {
		return fmt.Errorf("billing: mark notice sent: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	var n int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM sms_tariff_notices WHERE id = $1`, id).Scan(&n); err != nil {
		return fmt.Errorf("billing: mark notice sent: %w", err)
	}
	if n == 0 {
		return notFoundf("billing: notice %q does not exist", id)
	}
	return nil
}
