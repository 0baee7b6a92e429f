package ledgertest

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/internal/amsterdam"
	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
)

func testListFilters(t *testing.T, s ledger.Store) {
	// Two customers: holding (billed for itself and its branch) and another.
	add := func(n int, org, customer string) {
		e := entry(fmt.Sprintf("entry-%02d", n), fmt.Sprintf("SM%032d", n))
		e.OrgID, e.CustomerID = org, customer
		e.CreatedAt = base.Add(time.Duration(n) * time.Minute)
		e.UpdatedAt = e.CreatedAt
		mustRecord(t, s, e)
	}
	// Recorded out of order: List sorts by time.
	add(3, "branch", "holding")
	add(1, "holding", "holding")
	add(2, "other", "other")
	add(4, "branch", "holding")
	tests := []struct {
		name string
		f    ledger.Filter
		want []int
	}{
		{"everything", ledger.Filter{}, []int{1, 2, 3, 4}},
		{"by customer", ledger.Filter{CustomerID: "holding"}, []int{1, 3, 4}},
		{"by org", ledger.Filter{OrgID: "branch"}, []int{3, 4}},
		{"by customer and org", ledger.Filter{CustomerID: "holding", OrgID: "holding"}, []int{1}},
		{"org of another customer", ledger.Filter{CustomerID: "holding", OrgID: "other"}, nil},
		{"unknown customer", ledger.Filter{CustomerID: "nobody"}, nil},
		{"limit", ledger.Filter{CustomerID: "holding", Limit: 2}, []int{1, 3}},
		{"from only", ledger.Filter{From: base.Add(2 * time.Minute)}, []int{2, 3, 4}},
		{"to only", ledger.Filter{To: base.Add(2 * time.Minute)}, []int{1}},
	}
	for _, tt := range tests {
		var want []string
		for _, n := range tt.want {
			want = append(want, fmt.Sprintf("SM%032d", n))
		}
		if got := ids(mustList(t, s, tt.f)); !slices.Equal(got, want) {
			t.Errorf("%s: List = %v, want %v", tt.name, got, want)
		}
	}
}

func testListMonthRange(t *testing.T, s ledger.Store) {
	march := time.Date(2026, 3, 1, 0, 0, 0, 0, amsterdam.Location)
	april := march.AddDate(0, 1, 0)
	at := map[string]time.Time{
		"SM-feb-last":   march.Add(-time.Microsecond),
		"SM-mar-first":  march,
		"SM-mar-middle": march.AddDate(0, 0, 14),
		"SM-mar-last":   april.Add(-time.Microsecond),
		"SM-apr-first":  april,
	}
	n := 0
	for pid, created := range at {
		n++
		e := entry(fmt.Sprintf("entry-%d", n), pid)
		e.CreatedAt, e.UpdatedAt, e.BillingMonth = created, created, ""
		mustRecord(t, s, e)
	}
	// One March entry of another customer must not show.
	other := entry("entry-other", "SM-mar-other")
	other.CustomerID, other.CreatedAt, other.UpdatedAt = "someone-else", march.AddDate(0, 0, 3), march.AddDate(0, 0, 3)
	mustRecord(t, s, other)

	got := mustList(t, s, ledger.Filter{CustomerID: "org-holding", From: march, To: april})
	if want := []string{"SM-mar-first", "SM-mar-middle", "SM-mar-last"}; !slices.Equal(ids(got), want) {
		t.Fatalf("March = %v, want %v", ids(got), want)
	}
	segments := 0
	for _, e := range got {
		segments += e.Segments
	}
	if segments != 3 {
		t.Fatalf("March segments = %d, want 3", segments)
	}
	// The billing month, computed at Record, matches the range.
	months := map[string]string{
		"SM-feb-last": "2026-02", "SM-mar-first": "2026-03", "SM-mar-middle": "2026-03",
		"SM-mar-last": "2026-03", "SM-apr-first": "2026-04",
	}
	for _, e := range mustList(t, s, ledger.Filter{CustomerID: "org-holding"}) {
		if e.BillingMonth != months[e.ProviderID] {
			t.Errorf("%s (created %s) has billing month %q, want %q", e.ProviderID, e.CreatedAt, e.BillingMonth, months[e.ProviderID])
		}
	}
}

func testListInvalidFilter(t *testing.T, s ledger.Store) {
	mustRecord(t, s, entry("entry-1", "SM00000000000000000000000000000030"))
	for name, f := range map[string]ledger.Filter{
		"negative limit": {Limit: -1},
		"empty range":    {From: base, To: base},
		"reversed range": {From: base.Add(time.Hour), To: base},
	} {
		if _, err := s.List(ctx(t), f); !errors.Is(err, ledger.ErrInvalid) {
			t.Errorf("%s: List error %v, want ErrInvalid", name, err)
		}
	}
}
