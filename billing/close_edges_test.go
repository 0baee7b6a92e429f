package billing_test

import (
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/mijnaccount/mijnaccount/billing"
)

// A month without any message closes with no statements and reports as
// closed.
func TestCloseEmptyMonth(t *testing.T) {
	eachBackend(t, local(2026, 12, 1, 0, 0, 0), func(t *testing.T, f *fixture) {
		st, err := f.svc.Close(t.Context(), "2026-11")
		if err != nil || len(st) != 0 {
			t.Fatalf("Close(empty month) = %+v, %v", st, err)
		}
		r := f.monthReport("2026-11", "")
		if !r.Closed || len(r.Customers) != 0 {
			t.Errorf("empty closed month report %+v", r)
		}
		if differ, err := f.svc.VerifyStatements(t.Context(), "2026-11"); err != nil || len(differ) != 0 {
			t.Errorf("VerifyStatements = %v, %v", differ, err)
		}
	})
}

// Two closes at once: one wins, the other gets ErrClosed.
func TestCloseConcurrent(t *testing.T) {
	eachBackend(t, local(2026, 12, 1, 0, 0, 0), func(t *testing.T, f *fixture) {
		f.send(msg{org: "solo", purpose: "login", segments: 1, tariff: 8, at: local(2026, 11, 3, 9, 0, 0)})
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Go(func() { _, errs[i] = f.svc.Close(t.Context(), "2026-11") })
		}
		wg.Wait()
		ok, closed := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, billing.ErrClosed):
				closed++
			default:
				t.Errorf("concurrent close: %v", err)
			}
		}
		if ok != 1 || closed != 1 {
			t.Errorf("concurrent closes: %d succeeded, %d ErrClosed; want 1 and 1", ok, closed)
		}
		st, err := f.svc.Statements(t.Context(), "2026-11", "")
		if err != nil || len(st) != 1 || st[0].Total.Messages != 1 {
			t.Errorf("statements after concurrent closes: %+v, %v", st, err)
		}
	})
}

// Months closed out of order: November's adjustments only ever come from
// months closed before November, so a status event stamped in November that
// arrives after October's later close does not touch November; an event
// received in December is December's adjustment.
func TestCloseOutOfOrder(t *testing.T) {
	eachBackend(t, local(2026, 12, 2, 10, 0, 0), func(t *testing.T, f *fixture) {
		ctx := t.Context()
		a := f.send(msg{org: "solo", purpose: "login", segments: 1, tariff: 8, at: local(2026, 10, 20, 9, 0, 0)})
		b := f.send(msg{org: "solo", purpose: "enrol", segments: 1, tariff: 8, at: local(2026, 10, 21, 9, 0, 0)})
		f.send(msg{org: "solo", purpose: "login", segments: 1, tariff: 8, at: local(2026, 11, 20, 9, 0, 0)})
		if _, err := f.svc.Close(ctx, "2026-11"); err != nil {
			t.Fatal(err)
		}
		f.setClock(local(2026, 12, 2, 11, 0, 0))
		if _, err := f.svc.Close(ctx, "2026-10"); err != nil {
			t.Fatal(err)
		}
		f.event(a, "delivered", local(2026, 11, 25, 9, 0, 0))
		f.event(b, "failed", local(2026, 12, 2, 12, 0, 0))
		if differ, err := f.svc.VerifyStatements(ctx, "2026-11"); err != nil || len(differ) != 0 {
			t.Errorf("VerifyStatements(2026-11) = %v, %v; want none", differ, err)
		}
		// The event is stamped before October's close but was not there at
		// the close: the ledger no longer agrees with October's statement.
		if differ, err := f.svc.VerifyStatements(ctx, "2026-10"); err != nil || !slices.Equal(differ, []string{"solo"}) {
			t.Errorf("VerifyStatements(2026-10) = %v, %v; want [solo]", differ, err)
		}
		dec := f.monthReport("2026-12", "")
		if len(dec.Customers) != 1 {
			t.Fatalf("December customers %v, want solo", customerIDs(dec.Customers))
		}
		checkOrgs(t, "December adjustments", dec.Customers[0].Adjustments, []wantOrg{
			{"solo", "Werkgever Solo", []billing.PurposeReport{purpose("enrol", tot(0, 0, 0, 0, 1))}, tot(0, 0, 0, 0, 1)}})
	})
}
