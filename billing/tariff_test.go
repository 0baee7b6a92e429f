package billing_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/billing"
)

func TestEnterTariffRules(t *testing.T) {
	eachBackend(t, local(2026, 10, 15, 10, 0, 0), func(t *testing.T, f *fixture) {
		ctx := t.Context()
		enter := func(customer string, cents int64, from time.Time) (billing.Tariff, error) {
			return f.svc.EnterTariff(ctx, billing.Tariff{CustomerID: customer, CentsPerSegment: cents, EffectiveFrom: from}, "finance@example.nl")
		}

		// Entered on 15 October: two months later is 15 December, so
		// 1 January is the earliest first of a month.
		_, err := enter("hold", 7, local(2026, 12, 1, 0, 0, 0))
		if !errors.Is(err, billing.ErrInvalid) {
			t.Fatalf("too early: err = %v, want ErrInvalid", err)
		}
		if want := "tariff: effective_from 2026-12-01 is less than 2 months after today (earliest 2027-01-01)"; err.Error() != want {
			t.Errorf("too early: error %q, want %q", err, want)
		}
		for _, bad := range []struct {
			name     string
			customer string
			cents    int64
			from     time.Time
			want     error
		}{
			{"mid-month", "hold", 7, local(2027, 1, 15, 0, 0, 0), billing.ErrInvalid},
			{"not midnight Amsterdam", "hold", 7, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), billing.ErrInvalid},
			{"negative", "hold", -1, local(2027, 1, 1, 0, 0, 0), billing.ErrInvalid},
			{"above the maximum", "hold", billing.MaxCentsPerSegment + 1, local(2027, 1, 1, 0, 0, 0), billing.ErrInvalid},
			{"no date", "hold", 7, time.Time{}, billing.ErrInvalid},
			{"billed through hold", "noord", 7, local(2027, 1, 1, 0, 0, 0), billing.ErrInvalid},
			{"unknown organisation", "nope", 7, local(2027, 1, 1, 0, 0, 0), billing.ErrNotFound},
		} {
			if _, err := enter(bad.customer, bad.cents, bad.from); !errors.Is(err, bad.want) {
				t.Errorf("%s: err = %v, want %v", bad.name, err, bad.want)
			}
		}
		if _, err := f.svc.EnterTariff(ctx, billing.Tariff{CustomerID: "hold", CentsPerSegment: 7,
			EffectiveFrom: local(2027, 1, 1, 0, 0, 0)}, ""); !errors.Is(err, billing.ErrInvalid) {
			t.Errorf("no entered_by: err = %v, want ErrInvalid", err)
		}
		assertNothingStored(t, f)

		// Exactly two months: entered at 1 November 00:00, effective
		// 1 January 00:00.
		f.setClock(local(2026, 11, 1, 0, 0, 0))
		tr, err := enter("hold", 7, local(2027, 1, 1, 0, 0, 0))
		if err != nil {
			t.Fatalf("exactly two months ahead: %v", err)
		}
		if tr.ID == "" || tr.CustomerID != "hold" || tr.CentsPerSegment != 7 || !tr.EffectiveFrom.Equal(local(2027, 1, 1, 0, 0, 0)) ||
			!tr.EnteredAt.Equal(local(2026, 11, 1, 0, 0, 0)) || tr.EnteredBy != "finance@example.nl" {
			t.Errorf("entered tariff = %+v", tr)
		}
		// One microsecond later the same date is too early.
		f.clock.Advance(time.Microsecond)
		_, err = enter("zuid", 6, local(2027, 1, 1, 0, 0, 0))
		if !errors.Is(err, billing.ErrInvalid) || err.Error() != "tariff: effective_from 2027-01-01 is less than 2 months after today (earliest 2027-02-01)" {
			t.Errorf("a microsecond late: err = %v", err)
		}
		// One tariff per customer and date.
		if _, err := enter("hold", 6, local(2027, 1, 1, 0, 0, 0)); err == nil {
			t.Error("a second tariff for hold on 2027-01-01 was accepted")
		}

		got, err := f.svc.Tariffs(ctx, "hold")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != tr.ID || got[0].CentsPerSegment != 7 || !got[0].EffectiveFrom.Equal(tr.EffectiveFrom) ||
			!got[0].EnteredAt.Equal(tr.EnteredAt) || got[0].EnteredBy != tr.EnteredBy {
			t.Errorf("Tariffs(hold) = %+v, want [%+v]", got, tr)
		}

		// Entering it queued one notice, to hold.
		notices, err := f.svc.PendingNotices(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(notices) != 1 {
			t.Fatalf("pending notices = %+v, want one", notices)
		}
		n := notices[0]
		if n.CustomerID != "hold" || n.TariffID != tr.ID || n.DefaultTariff || n.PreviousCents != 8 || n.CentsPerSegment != 7 ||
			!n.EffectiveFrom.Equal(local(2027, 1, 1, 0, 0, 0)) || n.ID == "" {
			t.Errorf("notice = %+v", n)
		}
		if err := f.svc.MarkNoticeSent(ctx, n.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.MarkNoticeSent(ctx, n.ID); err != nil {
			t.Errorf("marking a sent notice again: %v", err)
		}
		if err := f.svc.MarkNoticeSent(ctx, "nope"); !errors.Is(err, billing.ErrNotFound) {
			t.Errorf("unknown notice: err = %v, want ErrNotFound", err)
		}
		if notices, _ := f.svc.PendingNotices(ctx); len(notices) != 0 {
			t.Errorf("pending after sending: %+v", notices)
		}
	})
}

// assertNothingStored checks that refused tariffs left no tariff or notice.
func assertNothingStored(t *testing.T, f *fixture) {
	t.Helper()
	var tariffs, notices int
	if err := f.db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM sms_tariffs`).Scan(&tariffs); err != nil {
		t.Fatal(err)
	}
	if err := f.db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM sms_tariff_notices`).Scan(&notices); err != nil {
		t.Fatal(err)
	}
	if tariffs != 0 || notices != 0 {
		t.Errorf("refused tariffs stored %d tariffs and %d notices", tariffs, notices)
	}
}

func TestTariffAt(t *testing.T) {
	eachBackend(t, local(2026, 11, 1, 0, 0, 0), func(t *testing.T, f *fixture) {
		ctx := t.Context()
		enter := func(customer string, cents int64, from time.Time) billing.Tariff {
			t.Helper()
			tr, err := f.svc.EnterTariff(ctx, billing.Tariff{CustomerID: customer, CentsPerSegment: cents, EffectiveFrom: from}, "finance")
			if err != nil {
				t.Fatalf("enter %s %d from %s: %v", customer, cents, from, err)
			}
			return tr
		}
		enter("hold", 7, local(2027, 1, 1, 0, 0, 0))
		enter("hold", 6, local(2027, 3, 1, 0, 0, 0))
		def := enter("", 9, local(2027, 2, 1, 0, 0, 0))
		enter("zuid", 5, local(2027, 4, 1, 0, 0, 0)) // summer time: 2027-03-31T22:00Z

		for _, c := range []struct {
			customer string
			at       time.Time
			want     int64
		}{
			// hold: configured default, then its own tariffs; the default
			// of February does not apply while hold has an override.
			{"hold", time.Date(2026, 12, 31, 22, 59, 59, 999999000, time.UTC), 8},
			{"hold", time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), 7},
			{"hold", local(2027, 2, 15, 12, 0, 0), 7},
			{"hold", time.Date(2027, 2, 28, 22, 59, 59, 0, time.UTC), 7},
			{"hold", time.Date(2027, 2, 28, 23, 0, 0, 0, time.UTC), 6},
			// zuid: the default tariffs, then its override.
			{"zuid", time.Date(2027, 1, 31, 22, 59, 59, 0, time.UTC), 8},
			{"zuid", time.Date(2027, 1, 31, 23, 0, 0, 0, time.UTC), 9},
			{"zuid", time.Date(2027, 3, 31, 21, 59, 59, 0, time.UTC), 9},
			{"zuid", time.Date(2027, 3, 31, 22, 0, 0, 0, time.UTC), 5},
			// a customer with no override, and an unknown one, get the default.
			{"solo", local(2026, 11, 20, 0, 0, 0), 8},
			{"solo", local(2027, 6, 1, 0, 0, 0), 9},
			{"", local(2027, 6, 1, 0, 0, 0), 9},
		} {
			got, err := f.svc.TariffAt(ctx, c.customer, c.at)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("TariffAt(%q, %s) = %d, want %d", c.customer, c.at.Format(time.RFC3339Nano), got, c.want)
			}
		}

		// The configured default replaces 8.
		other := &billing.Service{DB: f.db, Accounts: f.accounts, Now: f.clock.Now, DefaultCents: 10}
		if got, _ := other.TariffAt(ctx, "solo", local(2026, 12, 1, 0, 0, 0)); got != 10 {
			t.Errorf("TariffAt with DefaultCents 10 = %d, want 10", got)
		}

		defaults, err := f.svc.Tariffs(ctx, "")
		if err != nil || len(defaults) != 1 || defaults[0].ID != def.ID || defaults[0].CustomerID != "" {
			t.Errorf("Tariffs(\"\") = %+v, %v", defaults, err)
		}
		hold, _ := f.svc.Tariffs(ctx, "hold")
		if len(hold) != 2 || hold[0].CentsPerSegment != 7 || hold[1].CentsPerSegment != 6 {
			t.Errorf("Tariffs(hold) = %+v, want 7 then 6", hold)
		}

		// The default tariff of February concerns every customer without an
		// override in force then: zuid (its override starts in April) and
		// solo, not hold.
		notices, err := f.svc.PendingNotices(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var forDefault []string
		for _, n := range notices {
			if n.TariffID == def.ID {
				forDefault = append(forDefault, n.CustomerID)
				if !n.DefaultTariff || n.PreviousCents != 8 || n.CentsPerSegment != 9 {
					t.Errorf("default notice = %+v", n)
				}
			}
		}
		slices.Sort(forDefault)
		if !slices.Equal(forDefault, []string{"solo", "zuid"}) {
			t.Errorf("default tariff notices for %v, want [solo zuid]", forDefault)
		}
		// hold's March tariff replaces 7; zuid's April tariff replaces the
		// default 9.
		for _, n := range notices {
			switch {
			case n.CustomerID == "hold" && n.CentsPerSegment == 6 && n.PreviousCents != 7:
				t.Errorf("hold March notice previous = %d, want 7", n.PreviousCents)
			case n.CustomerID == "zuid" && n.CentsPerSegment == 5 && n.PreviousCents != 9:
				t.Errorf("zuid April notice previous = %d, want 9", n.PreviousCents)
			}
		}
		if len(notices) != 5 {
			t.Errorf("%d pending notices, want 5 (hold twice, zuid twice, solo)", len(notices))
		}
	})
}

func TestNoticePeriodConfigurable(t *testing.T) {
	eachBackend(t, local(2026, 10, 15, 10, 0, 0), func(t *testing.T, f *fixture) {
		svc := &billing.Service{DB: f.db, Accounts: f.accounts, Now: f.clock.Now, NoticePeriodMonths: 3}
		_, err := svc.EnterTariff(t.Context(), billing.Tariff{CustomerID: "solo", CentsPerSegment: 9,
			EffectiveFrom: local(2027, 1, 1, 0, 0, 0)}, "finance")
		if err == nil || err.Error() != "tariff: effective_from 2027-01-01 is less than 3 months after today (earliest 2027-02-01)" {
			t.Errorf("three months: err = %v", err)
		}
		if _, err := svc.EnterTariff(t.Context(), billing.Tariff{CustomerID: "solo", CentsPerSegment: 9,
			EffectiveFrom: local(2027, 2, 1, 0, 0, 0)}, "finance"); err != nil {
			t.Errorf("three months ahead: %v", err)
		}
	})
}

// Two calendar months after 31 December is the end of February, so a
// tariff entered then may take effect on 1 March.
func TestNoticePeriodEndOfMonth(t *testing.T) {
	eachBackend(t, local(2026, 12, 31, 10, 0, 0), func(t *testing.T, f *fixture) {
		if _, err := f.svc.EnterTariff(t.Context(), billing.Tariff{CustomerID: "solo", CentsPerSegment: 9,
			EffectiveFrom: local(2027, 3, 1, 0, 0, 0)}, "finance"); err != nil {
			t.Errorf("1 March entered on 31 December: %v", err)
		}
		_, err := f.svc.EnterTariff(t.Context(), billing.Tariff{CustomerID: "zuid", CentsPerSegment: 9,
			EffectiveFrom: local(2027, 2, 1, 0, 0, 0)}, "finance")
		if err == nil || err.Error() != "tariff: effective_from 2027-02-01 is less than 2 months after today (earliest 2027-03-01)" {
			t.Errorf("1 February entered on 31 December: err = %v", err)
		}
	})
}
