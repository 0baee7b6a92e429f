package billing

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Close freezes the statements of a billing month that has ended, one per
// customer with usage or adjustments in it, and returns them ordered by
// customer name.
//
// The statements count the status events received up to the close (the
// cut-off, stored as the close time). The month's messages that have no
// outcome by then are kept aside (sms_close_unresolved); when the first final
// status of one of them is received later, it counts as an adjustment in the
// month it is received in. Adjustments of the month being closed (late
// outcomes of earlier closed months) are frozen with it.
//
// A month closes once: closing it again is ErrClosed (read the statements
// with Statements), and its report and statements never change. A month
// that has not ended is ErrInvalid. Ledger rows recorded for a closed month
// after its close, and status events that arrive after the close but are
// stamped before it, are counted nowhere; VerifyStatements finds the
// customers they concern.
func (s *Service) Close(ctx context.Context, month string) ([]Statement, error) {
	_, to, err := MonthBounds(month)
	if err != nil {
		return nil, err
	}
	now := s.now()
	if now.Before(to) {
		return nil, invalidf("billing: month %s has not ended; it can be closed from %s 00:00 Europe/Amsterdam", month, day(to))
	}
	if at, closed, err := s.closedAt(ctx, s.DB, month); err != nil {
		return nil, err
	} else if closed {
		return nil, closedf("billing: month %s was closed at %s", month, at.In(Amsterdam).Format("2006-01-02 15:04:05 MST"))
	}
	names, err := s.orgNames(ctx)
	if err != nil {
		return nil, fmt.Errorf("billing: organisation names: %w", err)
	}
	cutoff := storage.Micros(now)
	var out []Statement
	err = s.DB.InTx(ctx, func(tx *sql.Tx) error {
		out = nil
		_, err := tx.ExecContext(ctx, `INSERT INTO sms_billing_closes (month, closed_at) VALUES ($1, $2)`, month, cutoff)
		if storage.IsUniqueViolation(err) {
			return closedf("billing: month %s was closed meanwhile", month)
		}
		if err != nil {
			return fmt.Errorf("billing: close %s: %w", month, err)
		}
		lines, err := s.liveMonth(ctx, tx, month, "", cutoff)
		if err != nil {
			return err
		}
		for i := range lines {
			lines[i].customerName, lines[i].orgName = names[lines[i].customerID], names[lines[i].orgID]
		}
		if err := keepUnresolved(ctx, tx, month, cutoff); err != nil {
			return err
		}
		for _, c := range assemble(lines) {
			st := Statement{Month: month, ClosedAt: now, CustomerReport: c}
			st.SHA256 = st.Hash()
			if err := storeStatement(ctx, tx, st); err != nil {
				return err
			}
			out = append(out, st)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// VerifyStatements recomputes the statements of a closed month from the
// ledger, the status events received up to its close and the unresolved
// messages of the months closed before it, and returns the
// ids of the customers whose recomputed hash differs from the frozen one
// (including customers that gained or lost a statement), sorted. An empty
// result means the ledger still says what was billed.
func (s *Service) VerifyStatements(ctx context.Context, month string) ([]string, error) {
	frozen, err := s.Statements(ctx, month, "")
	if err != nil {
		return nil, err
	}
	at, _, err := s.closedAt(ctx, s.DB, month)
	if err != nil {
		return nil, err
	}
	lines, err := s.liveMonth(ctx, s.DB, month, "", storage.Micros(at))
	if err != nil {
		return nil, err
	}
	want := map[string]string{}
	for _, st := range frozen {
		want[st.CustomerID] = st.SHA256
	}
	var differ []string
	for _, c := range assemble(lines) {
		st := Statement{Month: month, CustomerReport: c}
		if sum, ok := want[c.CustomerID]; !ok || sum != st.Hash() {
			differ = append(differ, c.CustomerID)
		}
		delete(want, c.CustomerID)
	}
	for id := range want {
		differ = append(differ, id)
	}
	slices.Sort(differ)
	return differ, nil
}

// keepUnresolved copies the messages of month without an outcome at cutoff
// to sms_close_unresolved, where later months find their adjustments.
func keepUnresolved(ctx context.Context, tx *sql.Tx, month string, cutoff int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sms_close_unresolved (month, provider, provider_id, customer_id, org_id, purpose)
		SELECT l.billing_month, l.provider, l.provider_id, l.customer_id, l.org_id, l.purpose
		FROM sms_ledger l
		WHERE l.billing_month = $1 AND (`+outcome("$2")+`) IS NULL`, month, cutoff)
	if err != nil {
		return fmt.Errorf("billing: close %s: keep unresolved messages: %w", month, err)
	}
	return nil
}
