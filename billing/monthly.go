package billing

import (
	"context"
	"fmt"
)

// MaxMonthlyTotals bounds the months MonthlyTotals returns.
const MaxMonthlyTotals = 120

// MonthTotal is the usage of one billing month, for a bar chart.
type MonthTotal struct {
	Month  string `json:"month"`
	Closed bool   `json:"closed"`
	Totals        // usage only: adjustments are not included
}

// MonthlyTotals returns the usage totals of the last months billing months
// up to and including the current one, oldest first, one entry per month
// (zero when nothing was sent), for one customer or, with customerID "", for
// all. Closed months come from their statements.
func (s *Service) MonthlyTotals(ctx context.Context, customerID string, months int) ([]MonthTotal, error) {
	if months < 1 || months > MaxMonthlyTotals {
		return nil, invalidf("billing: months %d is not between 1 and %d", months, MaxMonthlyTotals)
	}
	start := monthStart(s.now())
	out := make([]MonthTotal, months)
	index := map[string]int{}
	for i := range out {
		out[i].Month = MonthOf(addMonths(start, i-months+1))
		index[out[i].Month] = i
	}
	first, last := out[0].Month, out[months-1].Month

	// Closed months: the sum of their statements.
	var p params
	query := `SELECT c.month, COALESCE(CAST(SUM(s.messages) AS BIGINT), 0), COALESCE(CAST(SUM(s.segments) AS BIGINT), 0),
			COALESCE(CAST(SUM(s.amount_cents) AS BIGINT), 0), COALESCE(CAST(SUM(s.delivered) AS BIGINT), 0),
			COALESCE(CAST(SUM(s.failed) AS BIGINT), 0)
		FROM sms_billing_closes c LEFT JOIN sms_statements s ON s.month = c.month`
	if customerID != "" {
		query += ` AND s.customer_id = ` + p.add(customerID)
	}
	query += ` WHERE c.month >= ` + p.add(first) + ` AND c.month <= ` + p.add(last) + ` GROUP BY c.month`
	rows, err := s.DB.QueryContext(ctx, query, p...)
	if err != nil {
		return nil, fmt.Errorf("billing: monthly totals: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var month string
		var t Totals
		if err := rows.Scan(&month, &t.Messages, &t.Segments, &t.AmountCents, &t.Delivered, &t.Failed); err != nil {
			return nil, fmt.Errorf("billing: monthly totals: %w", err)
		}
		if i, ok := index[month]; ok {
			out[i].Closed, out[i].Totals = true, t
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("billing: monthly totals: %w", err)
	}

	// Open months: computed from the ledger.
	p = nil
	where := `l.billing_month >= ` + p.add(first) + ` AND l.billing_month <= ` + p.add(last) +
		` AND l.billing_month NOT IN (SELECT month FROM sms_billing_closes)`
	if customerID != "" {
		where += ` AND l.customer_id = ` + p.add(customerID)
	}
	lines, err := s.usage(ctx, s.DB, where, p, noCutoff)
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		if i, ok := index[l.month]; ok && !out[i].Closed {
			out[i].Totals = out[i].Totals.Add(l.Totals)
		}
	}
	return out, nil
}
