package billing

import (
	"context"
	"time"
)

// Report is SMS usage per billing customer, per organisation and per
// purpose, for a calendar month or a date range.
//
// A message is billed when the provider accepted it (it has a row in
// sms_ledger), whatever happens to it afterwards; its amount is its segments
// times the tariff stored on its row. Delivered and Failed count messages by
// their outcome: the first final status the provider reported (delivered;
// undelivered or failed; canceled counts in neither).
type Report struct {
	From time.Time `json:"from"` // inclusive, Europe/Amsterdam
	To   time.Time `json:"to"`   // exclusive
	// Month is the billing month ("YYYY-MM") of a month report, "" for a
	// range report.
	Month string `json:"month,omitempty"`
	// Closed says the month is closed: the report is its frozen statements,
	// and never changes again.
	Closed    bool             `json:"closed"`
	ClosedAt  time.Time        `json:"closed_at,omitzero"`
	Customers []CustomerReport `json:"customers"`
	// Total sums the usage of every customer in the report.
	Total Totals `json:"total"`
	// AdjustmentTotal sums the adjustments of every customer.
	AdjustmentTotal Totals `json:"adjustment_total"`
}

// CustomerReport is the usage of one billing customer.
type CustomerReport struct {
	CustomerID   string `json:"customer_id"`
	CustomerName string `json:"customer_name"`
	// Orgs has the customer's own organisation first, then the others by
	// name: every organisation billed to the customer that sent messages.
	Orgs  []OrgReport `json:"orgs"`
	Total Totals      `json:"total"`
	// Adjustments are the outcomes of messages of earlier, closed months
	// that the provider reported after their month was closed (month reports
	// only). Only Delivered and Failed are set: amounts do not change, as
	// billing is on acceptance.
	Adjustments     []OrgReport `json:"adjustments,omitempty"`
	AdjustmentTotal Totals      `json:"adjustment_total"`
}

// OrgReport is the usage of one organisation, by purpose.
type OrgReport struct {
	OrgID   string `json:"org_id"`
	OrgName string `json:"org_name"` // "" when the organisation no longer exists
	// Purposes are in the order login, enrol, phone-change, then any other
	// by name.
	Purposes []PurposeReport `json:"purposes"`
	Total    Totals          `json:"total"`
}

// PurposeReport is the usage for one purpose (login, enrol, phone-change).
type PurposeReport struct {
	Purpose string `json:"purpose"`
	Totals
}

// Totals are counts and an amount in euro cents.
type Totals struct {
	Messages    int64 `json:"messages"`
	Segments    int64 `json:"segments"`
	AmountCents int64 `json:"amount_cents"` // sum of segments × tariff_cents
	Delivered   int64 `json:"delivered"`
	Failed      int64 `json:"failed"` // undelivered or failed
}

// Add returns t plus u.
func (t Totals) Add(u Totals) Totals {
	return Totals{
		Messages:    t.Messages + u.Messages,
		Segments:    t.Segments + u.Segments,
		AmountCents: t.AmountCents + u.AmountCents,
		Delivered:   t.Delivered + u.Delivered,
		Failed:      t.Failed + u.Failed,
	}
}

// Org returns the usage of one organisation in the report. Its AmountCents is
// also what the organisation would save if its users used an authenticator
// app or a security key instead of SMS.
func (r Report) Org(orgID string) (OrgReport, bool) {
	for _, c := range r.Customers {
		for _, o := range c.Orgs {
			if o.OrgID == orgID {
				return o, true
			}
		}
	}
	return OrgReport{}, false
}

// MonthReport reports a billing month ("YYYY-MM", Europe/Amsterdam), for one
// customer or, with customerID "", for all. A closed month is read from its
// frozen statements (Closed is true); an open month is computed from the
// ledger and the status events received so far, with the adjustments for
// earlier closed months reported during the month.
func (s *Service) MonthReport(ctx context.Context, month, customerID string) (Report, error) {
	from, to, err := MonthBounds(month)
	if err != nil {
		return Report{}, err
	}
	r := Report{From: from, To: to, Month: month}
	closedAt, closed, err := s.closedAt(ctx, s.DB, month)
	if err != nil {
		return Report{}, err
	}
	var lines []line
	if closed {
		r.Closed, r.ClosedAt = true, closedAt
		lines, err = s.statementLines(ctx, month, customerID)
	} else {
		lines, err = s.liveMonth(ctx, s.DB, month, customerID, noCutoff)
		if err == nil {
			err = s.name(ctx, lines)
		}
	}
	if err != nil {
		return Report{}, err
	}
	r.setCustomers(assemble(lines))
	return r, nil
}

// RangeReport reports the messages accepted from from (inclusive) to to
// (exclusive), for one customer or, with customerID "", for all. It is
// always computed from the ledger with the status events received so far,
// also for days of closed months, and has no adjustments.
func (s *Service) RangeReport(ctx context.Context, from, to time.Time, customerID string) (Report, error) {
	if from.IsZero() || to.IsZero() || !from.Before(to) {
		return Report{}, invalidf("billing: date range %s to %s is empty or reversed (want from before to)",
			from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	var p params
	where := `l.created_at >= ` + p.add(from.UnixMicro()) + ` AND l.created_at < ` + p.add(to.UnixMicro())
	if customerID != "" {
		where += ` AND l.customer_id = ` + p.add(customerID)
	}
	lines, err := s.usage(ctx, s.DB, where, p, noCutoff)
	if err == nil {
		err = s.name(ctx, lines)
	}
	if err != nil {
		return Report{}, err
	}
	r := Report{From: from.In(Amsterdam), To: to.In(Amsterdam)}
	r.setCustomers(assemble(lines))
	return r, nil
}

// setCustomers sets the customers and the report's totals.
func (r *Report) setCustomers(cs []CustomerReport) {
	r.Customers = cs
	if r.Customers == nil {
		r.Customers = []CustomerReport{}
	}
	for _, c := range cs {
		r.Total = r.Total.Add(c.Total)
		r.AdjustmentTotal = r.AdjustmentTotal.Add(c.AdjustmentTotal)
	}
}
