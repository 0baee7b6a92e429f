package billing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/smsotp"
	"github.com/mijnaccount/mijnaccount/storage"
)

// WarnPercent is the share of a budget at which its customer's
// administrators are warned, once per month.
const WarnPercent = 80

// Budget is a billing customer's optional monthly SMS budget.
type Budget struct {
	CustomerID   string `json:"customer_id"`
	MonthlyCents int64  `json:"monthly_cents"`
	// StopAtLimit makes Allow refuse messages once the month's spend reaches
	// MonthlyCents; without it the budget only warns.
	StopAtLimit bool      `json:"stop_at_limit"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// BudgetError refuses a message because the customer's budget is used up;
// errors.Is holds for both ErrBudgetExhausted and smsotp.ErrBudget, so that
// smsotp.Codes tells the refusal from a failure.
type BudgetError struct {
	CustomerID  string
	Month       string
	BudgetCents int64
	SpentCents  int64
}

func (e *BudgetError) Error() string {
	return fmt.Sprintf("billing: the SMS budget of customer %q for %s is used up (€ %s of € %s spent)",
		e.CustomerID, e.Month, FormatEuros(e.SpentCents), FormatEuros(e.BudgetCents))
}

// Is makes every BudgetError match ErrBudgetExhausted and smsotp.ErrBudget.
func (e *BudgetError) Is(target error) bool {
	return target == ErrBudgetExhausted || target == smsotp.ErrBudget
}

// BudgetWarning tells that a customer has spent at least WarnPercent of its
// budget in Month.
type BudgetWarning struct {
	CustomerID   string `json:"customer_id"`
	CustomerName string `json:"customer_name"`
	Month        string `json:"month"`
	BudgetCents  int64  `json:"budget_cents"`
	SpentCents   int64  `json:"spent_cents"`
	StopAtLimit  bool   `json:"stop_at_limit"`
}

// SetBudget sets (or replaces) the monthly budget of a billing customer, in
// euro cents (at least 1). A warning already sent this month stays sent.
func (s *Service) SetBudget(ctx context.Context, customerID string, cents int64, stopAtLimit bool) error {
	if cents < 1 {
		return invalidf("billing: budget %d cents is not positive (remove a budget with ClearBudget)", cents)
	}
	if s.Accounts == nil {
		return errors.New("billing: the service has no Accounts to find customers in")
	}
	if err := s.checkCustomer(ctx, customerID); err != nil {
		return err
	}
	_, err := s.DB.ExecContext(ctx, `INSERT INTO sms_budgets (customer_id, monthly_cents, stop_at_limit, updated_at)
		VALUES ($1, $2, $3, $4)
		ON CONFLICT (customer_id) DO UPDATE SET monthly_cents = excluded.monthly_cents,
			stop_at_limit = excluded.stop_at_limit, updated_at = excluded.updated_at`,
		customerID, cents, stopAtLimit, storage.Micros(s.now()))
	if err != nil {
		return fmt.Errorf("billing: set budget: %w", err)
	}
	return nil
}

// GetBudget returns the budget of a customer; ErrNotFound when it has none.
func (s *Service) GetBudget(ctx context.Context, customerID string) (Budget, error) {
	b := Budget{CustomerID: customerID}
	var updated int64
	err := s.DB.QueryRowContext(ctx, `SELECT monthly_cents, stop_at_limit, updated_at FROM sms_budgets WHERE customer_id = $1`,
		customerID).Scan(&b.MonthlyCents, &b.StopAtLimit, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Budget{}, notFoundf("billing: customer %q has no SMS budget", customerID)
	}
	if err != nil {
		return Budget{}, fmt.Errorf("billing: budget: %w", err)
	}
	b.UpdatedAt = storage.FromMicros(updated)
	return b, nil
}

// ClearBudget removes a customer's budget; ErrNotFound when it has none.
func (s *Service) ClearBudget(ctx context.Context, customerID string) error {
	res, err := s.DB.ExecContext(ctx, `DELETE FROM sms_budgets WHERE customer_id = $1`, customerID)
	if err != nil {
		return fmt.Errorf("billing: clear budget: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFoundf("billing: customer %q has no SMS budget", customerID)
	}
	return nil
}

// Allow reports whether a message for customerID may be sent at at. It
// returns a *BudgetError when the customer chose to stop at its budget and
// its spend in the billing month of at (the amounts of its ledger rows) has
// reached the budget; otherwise nil, also without a budget.
func (s *Service) Allow(ctx context.Context, customerID string, at time.Time) error {
	month := MonthOf(at)
	var budget, spent int64
	var stop bool
	err := s.DB.QueryRowContext(ctx, `SELECT b.monthly_cents, b.stop_at_limit,
			COALESCE(CAST(SUM(l.segments * l.tariff_cents) AS BIGINT), 0)
		FROM sms_budgets b
		LEFT JOIN sms_ledger l ON l.billing_month = $2 AND l.customer_id = b.customer_id
		WHERE b.customer_id = $1
		GROUP BY b.monthly_cents, b.stop_at_limit`, customerID, month).Scan(&budget, &stop, &spent)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("billing: budget check: %w", err)
	}
	if stop && spent >= budget {
		return &BudgetError{CustomerID: customerID, Month: month, BudgetCents: budget, SpentCents: spent}
	}
	return nil
}

// BudgetWarnings returns the customers whose spend in the billing month of
// at has reached WarnPercent of their budget and who were not yet warned
// for that month. Mail their administrators, then call MarkBudgetWarned.
func (s *Service) BudgetWarnings(ctx context.Context, at time.Time) ([]BudgetWarning, error) {
	month := MonthOf(at)
	rows, err := s.DB.QueryContext(ctx, `SELECT b.customer_id, b.monthly_cents, b.stop_at_limit,
			COALESCE(CAST(SUM(l.segments * l.tariff_cents) AS BIGINT), 0)
		FROM sms_budgets b
		LEFT JOIN sms_ledger l ON l.billing_month = $1 AND l.customer_id = b.customer_id
		WHERE b.warned_month <> $1
		GROUP BY b.customer_id, b.monthly_cents, b.stop_at_limit
		HAVING COALESCE(SUM(l.segments * l.tariff_cents), 0) * 100 >= b.monthly_cents * $2
		ORDER BY b.customer_id`, month, WarnPercent)
	if err != nil {
		return nil, fmt.Errorf("billing: budget warnings: %w", err)
	}
	defer rows.Close()
	var out []BudgetWarning
	for rows.Next() {
		w := BudgetWarning{Month: month}
		if err := rows.Scan(&w.CustomerID, &w.BudgetCents, &w.StopAtLimit, &w.SpentCents); err != nil {
			return nil, fmt.Errorf("billing: budget warnings: %w", err)
		}
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("billing: budget warnings: %w", err)
	}
	if len(out) > 0 {
		names, err := s.orgNames(ctx)
		if err != nil {
			return nil, fmt.Errorf("billing: organisation names: %w", err)
		}
		for i := range out {
			out[i].CustomerName = names[out[i].CustomerID]
		}
	}
	return out, nil
}

// MarkBudgetWarned records that the customer's administrators were warned
// for month ("YYYY-MM"); BudgetWarnings leaves the customer out for that
// month. ErrNotFound when the customer has no budget.
func (s *Service) MarkBudgetWarned(ctx context.Context, customerID, month string) error {
	if _, _, err := MonthBounds(month); err != nil {
		return err
	}
	res, err := s.DB.ExecContext(ctx, `UPDATE sms_budgets SET warned_month = $1 WHERE customer_id = $2`, month, customerID)
	if err != nil {
		return fmt.Errorf("billing: mark budget warned: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFoundf("billing: customer %q has no SMS budget", customerID)
	}
	return nil
}
