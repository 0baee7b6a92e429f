package smsotp

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// checkBudget asks the budget, when there is one, whether customerID may be
// sent a message at now. A refusal is returned as the budget gave it (it
// wraps ErrBudget); any other error is wrapped, so Send fails closed.
func (c *Codes) checkBudget(ctx context.Context, customerID string, now time.Time) error {
	if c.budget == nil {
		return nil
	}
	err := c.budget.Allow(ctx, customerID, now)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrBudget):
		return err
	}
	return fmt.Errorf("smsotp: budget check: %w", err)
}

// tariffCents looks up the tariff to record for a message to customerID
// sent at now: 0 without a Tariff. It runs before the provider is called,
// because once a message is out its entry must be recorded as it is.
func (c *Codes) tariffCents(ctx context.Context, customerID string, now time.Time) (int64, error) {
	if c.tariff == nil {
		return 0, nil
	}
	cents, err := c.tariff(ctx, customerID, now)
	if err != nil {
		return 0, fmt.Errorf("smsotp: tariff: %w", err)
	}
	if cents < 0 {
		return 0, fmt.Errorf("smsotp: tariff for customer %q is %d cents, must not be negative", customerID, cents)
	}
	return cents, nil
}
