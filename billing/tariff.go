package billing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/storage"
)

// Tariff is a price in euro cents per SMS segment for one billing customer
// (or, with CustomerID "", the default for every customer without an
// override), in force from EffectiveFrom until the next tariff of the same
// CustomerID takes effect.
type Tariff struct {
	ID              string    `json:"id"`
	CustomerID      string    `json:"customer_id"` // "" for the default tariff
	CentsPerSegment int64     `json:"cents_per_segment"`
	EffectiveFrom   time.Time `json:"effective_from"` // first day of a month, 00:00 Europe/Amsterdam
	EnteredAt       time.Time `json:"entered_at"`
	EnteredBy       string    `json:"entered_by"`
}

const tariffColumns = `id, customer_id, cents_per_segment, effective_from, entered_at, entered_by`

// EnterTariff stores a new tariff and queues a Notice for every customer it
// changes: the customer itself for an override; for a default tariff every
// billing customer without an override in force at EffectiveFrom.
//
// EffectiveFrom must be the first day of a month at 00:00 Europe/Amsterdam
// and lie at least NoticePeriodMonths calendar months after now (entered on
// 15 October with the default of two months: 1 January at the earliest).
// CentsPerSegment is 0 to MaxCentsPerSegment. A customer must be an
// organisation billed for itself. One CustomerID has at most one tariff per
// EffectiveFrom. On any error nothing is stored.
func (s *Service) EnterTariff(ctx context.Context, t Tariff, enteredBy string) (Tariff, error) {
	now := s.now()
	switch {
	case t.CentsPerSegment < 0 || t.CentsPerSegment > MaxCentsPerSegment:
		return Tariff{}, invalidf("tariff: cents_per_segment %d is not between 0 and %d", t.CentsPerSegment, MaxCentsPerSegment)
	case t.EffectiveFrom.IsZero():
		return Tariff{}, invalidf("tariff: effective_from is missing (want the first day of a month)")
	case !isMonthStart(t.EffectiveFrom):
		return Tariff{}, invalidf("tariff: effective_from %s is not the first day of a month at 00:00 Europe/Amsterdam (the next is %s)",
			t.EffectiveFrom.In(Amsterdam).Format("2006-01-02 15:04"), day(firstMonthStartFrom(t.EffectiveFrom)))
	case enteredBy == "":
		return Tariff{}, invalidf("tariff: entered_by is missing")
	}
	earliest := firstMonthStartFrom(addMonths(now, s.noticeMonths()))
	if t.EffectiveFrom.Before(earliest) {
		return Tariff{}, invalidf("tariff: effective_from %s is less than %d months after today (earliest %s)",
			day(t.EffectiveFrom), s.noticeMonths(), day(earliest))
	}
	customers, err := s.noticeCustomers(ctx, t.CustomerID)
	if err != nil {
		return Tariff{}, err
	}
	t.ID, t.EnteredAt, t.EnteredBy = storage.NewID(), now, enteredBy
	t.EffectiveFrom = t.EffectiveFrom.In(Amsterdam)
	err = s.DB.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sms_tariffs (`+tariffColumns+`) VALUES ($1, $2, $3, $4, $5, $6)`,
			t.ID, t.CustomerID, t.CentsPerSegment, storage.Micros(t.EffectiveFrom), storage.Micros(now), enteredBy)
		if storage.IsUniqueViolation(err) {
			return invalidf("tariff: %s already has a tariff taking effect on %s", customerLabel(t.CustomerID), day(t.EffectiveFrom))
		}
		if err != nil {
			return fmt.Errorf("billing: enter tariff: %w", err)
		}
		return s.queueNotices(ctx, tx, t, customers)
	})
	if err != nil {
		return Tariff{}, err
	}
	return t, nil
}

func customerLabel(customerID string) string {
	if customerID == "" {
		return "the default"
	}
	return fmt.Sprintf("customer %q", customerID)
}

// noticeCustomers returns the customers a new tariff for customerID may
// concern: customerID itself after checking that it is a billing customer,
// or every billing customer for the default tariff.
func (s *Service) noticeCustomers(ctx context.Context, customerID string) ([]string, error) {
	if s.Accounts == nil {
		return nil, errors.New("billing: the service has no Accounts to find customers in")
	}
	if customerID != "" {
		if err := s.checkCustomer(ctx, customerID); err != nil {
			return nil, err
		}
		return []string{customerID}, nil
	}
	orgs, err := s.Accounts.ListOrgs(ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, o := range orgs {
		if isCustomer(o) {
			ids = append(ids, o.ID)
		}
	}
	return ids, nil
}

// checkCustomer returns ErrNotFound for an unknown organisation and
// ErrInvalid for one billed through another organisation.
func (s *Service) checkCustomer(ctx context.Context, id string) error {
	o, err := s.Accounts.GetOrg(ctx, id)
	if errors.Is(err, account.ErrNotFound) {
		return notFoundf("billing: organisation %q does not exist", id)
	}
	if err != nil {
		return err
	}
	if isCustomer(o) {
		return nil
	}
	c, err := s.Accounts.BillingCustomerOf(ctx, id)
	if err != nil {
		return err
	}
	return invalidf("billing: organisation %q is billed through customer %q (%s); use that customer", id, c.ID, c.Name)
}

// Tariffs returns the tariffs entered for customerID ("" for the default
// tariffs), oldest effective date first, including those not yet in force.
func (s *Service) Tariffs(ctx context.Context, customerID string) ([]Tariff, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+tariffColumns+` FROM sms_tariffs WHERE customer_id = $1 ORDER BY effective_from`, customerID)
	if err != nil {
		return nil, fmt.Errorf("billing: tariffs: %w", err)
	}
	defer rows.Close()
	var out []Tariff
	for rows.Next() {
		var t Tariff
		var from, entered int64
		if err := rows.Scan(&t.ID, &t.CustomerID, &t.CentsPerSegment, &from, &entered, &t.EnteredBy); err != nil {
			return nil, fmt.Errorf("billing: tariffs: %w", err)
		}
		t.EffectiveFrom, t.EnteredAt = storage.FromMicros(from).In(Amsterdam), storage.FromMicros(entered)
		out = append(out, t)
	}
	return out, rows.Err()
}

// TariffAt returns the price in euro cents per segment for a message of
// customerID sent at at: the customer's own tariff in force then, else the
// default tariff in force then, else DefaultCents. Senders store it on the
// ledger row; reports and budgets use the stored value.
func (s *Service) TariffAt(ctx context.Context, customerID string, at time.Time) (int64, error) {
	return s.tariffAt(ctx, s.DB, customerID, at)
}

func (s *Service) tariffAt(ctx context.Context, q storage.Querier, customerID string, at time.Time) (int64, error) {
	var cents int64
	err := q.QueryRowContext(ctx, `SELECT cents_per_segment FROM sms_tariffs
		WHERE customer_id IN ($1, '') AND effective_from <= $2
		ORDER BY CASE WHEN customer_id = '' THEN 1 ELSE 0 END, effective_from DESC
		LIMIT 1`, customerID, storage.Micros(at)).Scan(&cents)
	if errors.Is(err, sql.ErrNoRows) {
		return s.defaultCents(), nil
	}
	if err != nil {
		return 0, fmt.Errorf("billing: tariff: %w", err)
	}
	return cents, nil
}
