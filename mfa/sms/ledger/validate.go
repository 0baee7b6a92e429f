package ledger

import (
	"fmt"
	"strings"
	"time"
)

// maxIDLen bounds every id an entry holds: ours (storage.NewID, account ids)
// and the providers' (a Twilio SID has 34 characters).
const maxIDLen = 64

// validate checks e and reports every problem at once, as one error that is
// ErrInvalid. It expects CreatedAt, UpdatedAt and BillingMonth to be filled
// in.
func validate(e Entry) error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	checkID := func(field, v string) {
		switch {
		case v == "":
			add("%s is required", field)
		case !validToken(v):
			add("%s must be 1-%d printable ASCII characters without spaces", field, maxIDLen)
		}
	}
	checkID("id", e.ID)
	checkID("org_id", e.OrgID)
	checkID("customer_id", e.CustomerID)
	if !ValidPurpose(e.Purpose) {
		add("purpose %q is not one of login, enrol, phone-change", e.Purpose)
	}
	if e.Segments < 1 {
		add("segments is %d, must be at least 1", e.Segments)
	}
	if !ValidProvider(e.Provider) {
		add("provider %q is not one of %s, %s", e.Provider, ProviderTwilio, ProviderOutbox)
	}
	checkID("provider_id", e.ProviderID)
	if !ValidStatus(e.Status) {
		add("status %q is not a known provider status", e.Status)
	}
	if !validPrefix(e.CountryPrefix) {
		add("country_prefix %q is not a country calling code such as +31", e.CountryPrefix)
	}
	if e.TariffCents < 0 {
		add("tariff_cents is %d, must not be negative", e.TariffCents)
	}
	if !validMonth(e.BillingMonth) {
		add("billing_month %q is not YYYY-MM", e.BillingMonth)
	}
	if e.UpdatedAt.Before(e.CreatedAt) {
		add("updated_at is before created_at")
	}
	return invalid(problems)
}

// validateEvent checks ev like validate checks an entry. It expects
// ReceivedAt to be filled in.
func validateEvent(ev StatusEvent) error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if !ValidProvider(ev.Provider) {
		add("provider %q is not one of %s, %s", ev.Provider, ProviderTwilio, ProviderOutbox)
	}
	if !validToken(ev.ProviderID) {
		add("provider_id must be 1-%d printable ASCII characters without spaces", maxIDLen)
	}
	if !ValidStatus(ev.Status) {
		add("status %q is not a known provider status", ev.Status)
	}
	if ev.Segments < 0 {
		add("segments is %d, must be at least 0 (0: not reported)", ev.Segments)
	}
	if ev.ErrorCode < 0 {
		add("error_code is %d, must be at least 0 (0: none)", ev.ErrorCode)
	}
	return invalid(problems)
}

// invalid joins problems into one ErrInvalid error; nil without problems.
func invalid(problems []string) error {
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrInvalid, strings.Join(problems, "; "))
}

// validToken accepts 1-64 printable ASCII characters other than space.
func validToken(s string) bool {
	if len(s) == 0 || len(s) > maxIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// checkFilter refuses a filter that cannot be meant.
func checkFilter(f Filter) error {
	if f.Limit < 0 {
		return fmt.Errorf("%w: filter limit %d is negative", ErrInvalid, f.Limit)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return fmt.Errorf("%w: filter range is empty (from %s is not before to %s)",
			ErrInvalid, f.From.Format(time.RFC3339), f.To.Format(time.RFC3339))
	}
	return nil
}
