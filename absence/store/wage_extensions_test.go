package store

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/poortwachter"
)

// The absences below begin on 2026-01-05: the 104 weeks end on 2028-01-02
// and week 91 on 2027-10-03.
var extToday = d("2028-02-01")

func loonsanctie(c Case, weeks int, decided string) NewWageExtension {
	return NewWageExtension{CaseID: c.ID, Kind: poortwachter.Loonsanctie, Weeks: weeks, DecidedOn: d(decided),
		Reference: "UWV 2027/1234-A", By: "user-hr", Today: extToday}
}

func refusedFor(err error, want poortwachter.ExtensionReason) bool {
	var refused *poortwachter.ExtensionError
	return errors.As(err, &refused) && refused.Reason == want
}

// extensionsOf lists the stored extensions of the employee's absences.
func extensionsOf(t *testing.T, s *Store, employee string) []WageExtension {
	t.Helper()
	byCase, err := s.WageExtensionsOfEmployee(context.Background(), employee)
	if err != nil {
		t.Fatal(err)
	}
	var out []WageExtension
	for _, list := range byCase {
		out = append(out, list...)
	}
	return out
}

func TestAddAndShortenWageExtension(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		e := correctionEmployee(t, s, "1")
		c := sickCase(t, s, e, "2026-01-05")
		audited := ""
		in := loonsanctie(c, 52, "2027-12-20")
		in.Audit = func(id string) error { audited = id; return nil }
		got, err := s.AddWageExtension(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		// No start given: the day after the 104 weeks.
		if got.Start != d("2028-01-03") || got.End() != d("2028-12-31") || audited != got.ID || got.ID[:3] != "VL-" {
			t.Fatalf("added %+v, audited %q", got, audited)
		}
		list := extensionsOf(t, s, e.ID)
		if len(list) != 1 || list[0].ID != got.ID || list[0].Reference != "UWV 2027/1234-A" || list[0].CreatedBy != "user-hr" ||
			list[0].DecidedOn != d("2027-12-20") || list[0].CaseID != c.ID || list[0].Kind != poortwachter.Loonsanctie {
			t.Fatalf("stored %+v", list)
		}

		// Bekorting: a new last day, who and when.
		short, err := s.ShortenWageExtension(ctx, WageExtensionShortening{CaseID: c.ID, ExtensionID: got.ID, End: d("2028-06-30"), By: "user-arbo"})
		if err != nil || short.End() != d("2028-06-30") || short.ShortenedBy != "user-arbo" || short.ShortenedAt.IsZero() {
			t.Fatalf("shortened %+v %v", short, err)
		}
		// Shortened to 2028-06-30, the loonsancties may add up to 52 weeks:
		// the next one starts on 2028-07-01 by default.
		next, err := s.AddWageExtension(ctx, loonsanctie(c, 1, "2028-01-20"))
		if !refusedFor(err, poortwachter.ExtensionTotal) {
			t.Fatalf("a 53rd week: %+v %v", next, err)
		}
	})
}

// TestRefusedWageExtensionsStoreNothing: every refusal leaves the stored
// extensions as they were.
func TestRefusedWageExtensionsStoreNothing(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		e := correctionEmployee(t, s, "1")
		c := sickCase(t, s, e, "2026-01-05")
		first, err := s.AddWageExtension(ctx, loonsanctie(c, 10, "2027-12-20"))
		if err != nil {
			t.Fatal(err)
		}
		other := correctionEmployee(t, s, "2")
		oc := sickCase(t, s, other, "2026-01-05")
		vv := func(decided string) NewWageExtension {
			in := loonsanctie(c, 13, decided)
			in.Kind = poortwachter.VrijwilligeVerlenging
			in.Start = d("2028-01-03") // no extension before it: week 91 is not moved
			return in
		}
		failing := loonsanctie(c, 5, "2028-01-20")
		failing.Audit = func(string) error { return errors.New("audit down") }
		overlapping := loonsanctie(c, 5, "2028-01-20")
		overlapping.Start = d("2028-03-12")
		badRef := loonsanctie(c, 5, "2028-01-20")
		badRef.Reference = "diagnose: burn-out"
		unknown := loonsanctie(c, 5, "2028-01-20")
		unknown.CaseID = "VZ-AAAAAAAA"
		for name, try := range map[string]struct {
			in   NewWageExtension
			want func(error) bool
		}{
			"a second loonsanctie sharing a day": {overlapping, func(err error) bool { return refusedFor(err, poortwachter.ExtensionOverlap) }},
			"more than 52 weeks of loonsanctie":  {loonsanctie(c, 43, "2028-01-20"), func(err error) bool { return refusedFor(err, poortwachter.ExtensionTotal) }},
			"a verlenging agreed in week 92":     {vv("2027-10-04"), func(err error) bool { return refusedFor(err, poortwachter.ExtensionTooLate) }},
			"decided after today":                {loonsanctie(c, 5, "2028-02-02"), func(err error) bool { return refusedFor(err, poortwachter.ExtensionDecidedFuture) }},
			"free text as reference":             {badRef, func(err error) bool { return errors.Is(err, ErrExtensionInput) }},
			"an unknown case":                    {unknown, func(err error) bool { return errors.Is(err, ErrNotFound) }},
			"a failing audit":                    {failing, func(err error) bool { return err != nil && err.Error() == "audit down" }},
		} {
			if _, err := s.AddWageExtension(ctx, try.in); !try.want(err) {
				t.Errorf("%s: %v", name, err)
			}
		}
		if list := extensionsOf(t, s, e.ID); len(list) != 1 || list[0].ID != first.ID {
			t.Fatalf("after refusals: %+v", list)
		}
		// Shortening: another chain's extension is not found, the range is
		// checked, and a failing audit changes nothing.
		if _, err := s.ShortenWageExtension(ctx, WageExtensionShortening{CaseID: oc.ID, ExtensionID: first.ID, End: d("2028-02-01"), By: "u"}); !errors.Is(err, ErrNotFound) {
			t.Errorf("shortening through another employee's absence: %v", err)
		}
		if _, err := s.ShortenWageExtension(ctx, WageExtensionShortening{CaseID: c.ID, ExtensionID: first.ID, End: d("2028-03-12"), By: "u"}); !refusedFor(err, poortwachter.ExtensionShortenRange) {
			t.Errorf("shortening to its own last day: %v", err)
		}
		if _, err := s.ShortenWageExtension(ctx, WageExtensionShortening{CaseID: c.ID, ExtensionID: first.ID, End: d("2028-02-01"), By: "u",
			Audit: func() error { return errors.New("audit down") }}); err == nil {
			t.Error("shortened with a failing audit")
		}
		if list := extensionsOf(t, s, e.ID); len(list) != 1 || !list[0].ShortenedTo.IsZero() || list[0].ShortenedBy != "" {
			t.Fatalf("after refused shortenings: %+v", list)
		}
		if list := extensionsOf(t, s, other.ID); len(list) != 0 {
			t.Fatalf("the other employee: %+v", list)
		}
	})
}

// TestWageExtensionBelongsToTheLatestAbsence: an absence continued by a
// later one of its chain takes no extension; the chain's extensions count
// on the later one.
func TestWageExtensionBelongsToTheLatestAbsence(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		e := correctionEmployee(t, s, "1")
		a := sickCase(t, s, e, "2026-01-05", rec{"2026-02-02", 100})
		b := sickCase(t, s, e, "2026-03-01") // 27 days at work: one chain; the 104 weeks end on 2028-01-29
		if _, err := s.AddWageExtension(ctx, loonsanctie(a, 5, "2027-12-20")); !refusedFor(err, poortwachter.ExtensionNotLatest) {
			t.Fatalf("on the earlier absence: %v", err)
		}
		got, err := s.AddWageExtension(ctx, loonsanctie(b, 5, "2027-12-20"))
		if err != nil || got.Start != d("2028-01-30") {
			t.Fatalf("on the later absence: %+v %v", got, err)
		}
	})
}

// TestConcurrentLoonsanctiesOneWins: two loonsancties of 52 weeks entered
// on one chain at the same moment; the employee's lock lets one through,
// and the other, which then starts after it, exceeds 52 weeks in all.
func TestConcurrentLoonsanctiesOneWins(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		e := correctionEmployee(t, s, "1")
		c := sickCase(t, s, e, "2026-01-05")
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = s.AddWageExtension(ctx, loonsanctie(c, 52, "2027-12-20"))
			}()
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("want exactly one to succeed: %v %v", errs[0], errs[1])
		}
		if !refusedFor(errs[0], poortwachter.ExtensionTotal) && !refusedFor(errs[1], poortwachter.ExtensionTotal) {
			t.Fatalf("the loser was not refused for the total: %v %v", errs[0], errs[1])
		}
		if list := extensionsOf(t, s, e.ID); len(list) != 1 {
			t.Fatalf("stored %d", len(list))
		}
	})
}

// TestRetentionDeletesTheExtensions: an extension goes with its case.
func TestRetentionDeletesTheExtensions(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		e := correctionEmployee(t, s, "1")
		old := sickCase(t, s, e, "2022-01-01", rec{"2022-02-01", 100})
		in := loonsanctie(old, 5, "2022-01-20")
		in.Today = correctionToday
		if _, err := s.AddWageExtension(ctx, in); err != nil {
			t.Fatal(err)
		}
		res, err := s.DeleteExpired(ctx, "wg", Selection{Cases: []string{old.ID}}, date.New(2026, 3, 2), nil)
		if err != nil || len(res.Deleted) != 1 {
			t.Fatalf("DeleteExpired: %+v %v", res, err)
		}
		if list := extensionsOf(t, s, e.ID); len(list) != 0 {
			t.Fatalf("extensions of the deleted case: %+v", list)
		}
	})
}

func TestValidReference(t *testing.T) {
	for ref, want := range map[string]bool{"": true, "UWV 2027/1234-A": true, "12345678.9_x": true, "a": true,
		" leading": false, "-x": false, "burn-out: rust": false, "ärts": false, "1234567890123456789012345678901234567890": true,
		"12345678901234567890123456789012345678901": false, "a\nb": false} {
		if got := ValidReference(ref); got != want {
			t.Errorf("ValidReference(%q) = %v, want %v", ref, got, want)
		}
	}
}
