package billing_test

import (
	"errors"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/billing"
	"github.com/mijnaccount/mijnaccount/mfa/smsotp"
)

// The service is what smsotp asks before sending: its budget and its tariff.
var (
	_ smsotp.Budget = (*billing.Service)(nil)
	_               = smsotp.Config{Tariff: (*billing.Service)(nil).TariffAt}
)

func TestBudget(t *testing.T) {
	eachBackend(t, local(2026, 11, 10, 12, 0, 0), func(t *testing.T, f *fixture) {
		ctx := t.Context()
		now := f.clock.Now()
		spend := func(org string, segments int, at time.Time) {
			f.send(msg{org: org, purpose: "login", segments: segments, tariff: 8, at: at})
		}
		warned := func(at time.Time) []string {
			t.Helper()
			ws, err := f.svc.BudgetWarnings(ctx, at)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, w := range ws {
				ids = append(ids, w.CustomerID)
			}
			return ids
		}

		for _, bad := range []struct {
			customer string
			cents    int64
			want     error
		}{
			{"hold", 0, billing.ErrInvalid},
			{"hold", -5, billing.ErrInvalid},
			{"noord", 100, billing.ErrInvalid}, // billed through hold
			{"nope", 100, billing.ErrNotFound},
		} {
			if err := f.svc.SetBudget(ctx, bad.customer, bad.cents, false); !errors.Is(err, bad.want) {
				t.Errorf("SetBudget(%s, %d): err = %v, want %v", bad.customer, bad.cents, err, bad.want)
			}
		}
		if _, err := f.svc.GetBudget(ctx, "hold"); !errors.Is(err, billing.ErrNotFound) {
			t.Errorf("GetBudget without a budget: %v", err)
		}

		// € 1.00 a month, warn only.
		if err := f.svc.SetBudget(ctx, "hold", 100, false); err != nil {
			t.Fatal(err)
		}
		if b, err := f.svc.GetBudget(ctx, "hold"); err != nil || b.MonthlyCents != 100 || b.StopAtLimit || !b.UpdatedAt.Equal(now) {
			t.Errorf("GetBudget = %+v, %v", b, err)
		}
		// 72 cents (noord is billed to hold): below 80%.
		spend("noord", 9, now.Add(-time.Hour))
		// zuid and October usage do not count.
		spend("zuid", 50, now.Add(-time.Hour))
		spend("hold", 50, local(2026, 10, 31, 23, 0, 0))
		if got := warned(now); len(got) != 0 {
			t.Errorf("warnings at 72%%: %v", got)
		}
		// 80 cents: exactly 80%.
		spend("team", 1, now.Add(-time.Minute))
		ws, err := f.svc.BudgetWarnings(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(ws) != 1 || ws[0] != (billing.BudgetWarning{CustomerID: "hold", CustomerName: "Arbo Holding", Month: "2026-11",
			BudgetCents: 100, SpentCents: 80}) {
			t.Errorf("warnings at 80%% = %+v", ws)
		}
		// Once per month.
		if err := f.svc.MarkBudgetWarned(ctx, "hold", "2026-11"); err != nil {
			t.Fatal(err)
		}
		if got := warned(now); len(got) != 0 {
			t.Errorf("warnings after marking: %v", got)
		}
		spend("hold", 5, now) // 120 cents
		if got := warned(now); len(got) != 0 {
			t.Errorf("warnings after marking, at 120%%: %v", got)
		}
		// Over budget but not stopping.
		if err := f.svc.Allow(ctx, "hold", now); err != nil {
			t.Errorf("Allow over a warn-only budget: %v", err)
		}

		// Stop at the limit.
		if err := f.svc.SetBudget(ctx, "hold", 100, true); err != nil {
			t.Fatal(err)
		}
		err = f.svc.Allow(ctx, "hold", now)
		if !errors.Is(err, billing.ErrBudgetExhausted) || !errors.Is(err, smsotp.ErrBudget) {
			t.Fatalf("Allow over a stopping budget: err = %v, want ErrBudgetExhausted and smsotp.ErrBudget", err)
		}
		var be *billing.BudgetError
		if !errors.As(err, &be) || *be != (billing.BudgetError{CustomerID: "hold", Month: "2026-11", BudgetCents: 100, SpentCents: 120}) {
			t.Errorf("budget error = %+v", be)
		}
		if want := `billing: the SMS budget of customer "hold" for 2026-11 is used up (€ 1.20 of € 1.00 spent)`; err.Error() != want {
			t.Errorf("budget error text %q, want %q", err, want)
		}
		// Raising the budget lets messages through again.
		if err := f.svc.SetBudget(ctx, "hold", 121, true); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Allow(ctx, "hold", now); err != nil {
			t.Errorf("Allow at 120 of 121 cents: %v", err)
		}

		// A new month starts with nothing spent; its warning is due again
		// once 80% is reached.
		dec := local(2026, 12, 1, 0, 0, 0)
		if err := f.svc.SetBudget(ctx, "hold", 100, true); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Allow(ctx, "hold", dec); err != nil {
			t.Errorf("Allow on 1 December: %v", err)
		}
		if got := warned(dec); len(got) != 0 {
			t.Errorf("warnings on 1 December: %v", got)
		}
		spend("hold", 10, dec)
		if got := warned(dec); len(got) != 1 || got[0] != "hold" {
			t.Errorf("December warnings at 80%%: %v", got)
		}

		// Exactly at the limit is stopped; one cent below is not.
		if err := f.svc.SetBudget(ctx, "solo", 16, true); err != nil {
			t.Fatal(err)
		}
		spend("solo", 1, now)
		if err := f.svc.Allow(ctx, "solo", now); err != nil {
			t.Errorf("Allow at 8 of 16 cents: %v", err)
		}
		spend("solo", 1, now)
		if err := f.svc.Allow(ctx, "solo", now); !errors.Is(err, billing.ErrBudgetExhausted) {
			t.Errorf("Allow at 16 of 16 cents: err = %v", err)
		}

		// No budget: always allowed, never warned.
		if err := f.svc.Allow(ctx, "zuid", now); err != nil {
			t.Errorf("Allow without a budget: %v", err)
		}
		if err := f.svc.ClearBudget(ctx, "solo"); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Allow(ctx, "solo", now); err != nil {
			t.Errorf("Allow after ClearBudget: %v", err)
		}
		if err := f.svc.ClearBudget(ctx, "solo"); !errors.Is(err, billing.ErrNotFound) {
			t.Errorf("ClearBudget twice: %v", err)
		}
		if err := f.svc.MarkBudgetWarned(ctx, "zuid", "2026-11"); !errors.Is(err, billing.ErrNotFound) {
			t.Errorf("MarkBudgetWarned without a budget: %v", err)
		}
		if err := f.svc.MarkBudgetWarned(ctx, "hold", "11-2026"); !errors.Is(err, billing.ErrInvalid) {
			t.Errorf("MarkBudgetWarned with a bad month: %v", err)
		}
	})
}
