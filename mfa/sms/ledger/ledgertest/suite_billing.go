package ledgertest

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
)

func testBillingRoundTrip(t *testing.T, s ledger.Store, raw RawRow) {
	tests := []struct {
		prefix string
		tariff int64
		month  string // given to Record
		want   string // read back
	}{
		{"+31", 9, "2026-03", "2026-03"},
		{"+1", 0, "", "2026-03"},
		{"+352", 1234567, "", "2026-03"},
		// A month given by the caller is kept as given.
		{"+49", 15, "2026-04", "2026-04"},
	}
	var want []ledger.Entry
	for i, tt := range tests {
		e := entry(fmt.Sprintf("entry-%d", i), fmt.Sprintf("SM%032d", 100+i))
		e.CountryPrefix, e.TariffCents, e.BillingMonth = tt.prefix, tt.tariff, tt.month
		e.CreatedAt = base.Add(time.Duration(i) * time.Second)
		e.UpdatedAt = e.CreatedAt
		mustRecord(t, s, e)
		e.BillingMonth = tt.want
		want = append(want, e)
		if got := raw(t, e.Provider, e.ProviderID); got != e {
			t.Fatalf("stored row\n got %+v\nwant %+v", got, e)
		}
	}
	if got := mustList(t, s, ledger.Filter{}); !reflect.DeepEqual(got, want) {
		t.Fatalf("List\n got %+v\nwant %+v", got, want)
	}
}

// testBillingMonthBoundary records messages around midnight in Amsterdam:
// the billing month is the Dutch calendar month, in winter (UTC+1) and in
// summer (UTC+2) time.
func testBillingMonthBoundary(t *testing.T, s ledger.Store, raw RawRow) {
	tests := []struct {
		at   string
		want string
	}{
		{"2026-10-31T22:59:59.999999Z", "2026-10"},
		{"2026-10-31T23:00:00Z", "2026-11"},
		{"2026-10-31T23:30:00Z", "2026-11"},
		{"2026-06-30T21:59:59Z", "2026-06"},
		{"2026-06-30T22:00:00Z", "2026-07"},
		{"2026-12-31T23:00:00Z", "2027-01"},
		{"2026-03-31T21:59:59Z", "2026-03"}, // the first day of summer time is in March
	}
	for i, tt := range tests {
		at, err := time.Parse(time.RFC3339Nano, tt.at)
		if err != nil {
			t.Fatal(err)
		}
		if got := ledger.MonthOf(at); got != tt.want {
			t.Errorf("MonthOf(%s) = %q, want %q", tt.at, got, tt.want)
		}
		e := entry(fmt.Sprintf("entry-%d", i), fmt.Sprintf("SM%032d", 200+i))
		e.CreatedAt, e.UpdatedAt, e.BillingMonth = at, at, ""
		mustRecord(t, s, e)
		if got := raw(t, e.Provider, e.ProviderID).BillingMonth; got != tt.want {
			t.Errorf("message created %s is billed in %q, want %q", tt.at, got, tt.want)
		}
	}
}
