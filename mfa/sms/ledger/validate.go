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
// ErrInvalid. It expects CreatedAt and UpdatedAt to be filled in.
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
	if e.UpdatedAt.Before(e.CreatedAt) {
		add("updated_at is before created_at")
	}
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
