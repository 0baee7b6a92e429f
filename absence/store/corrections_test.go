package store

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// The test clock's day (storagetest clock at 2026-03-02 09:00 UTC).
var correctionToday = d("2026-03-02")

// eachWithClock is each with the store's clock at hand.
func eachWithClock(t *testing.T, fn func(t *testing.T, s *Store, clock *storagetest.Clock)) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := storagetest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
			fn(t, New(open(t, Migrations), clock.Now, testKeyring(t)), clock)
		})
	}
}

type rec struct {
	on  string
	pct int
}

func correctionEmployee(t *testing.T, s *Store, number string) Employee {
	t.Helper()
	e, err := s.CreateEmployee(context.Background(), Employee{Employer: "wg", PersonnelNumber: number, Name: "Medewerker " + number,
		EmploymentStart: d("2015-01-01")})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// sickCase stores an absence of e from first with the recovery reports recs.
func sickCase(t *testing.T, s *Store, e Employee, first string, recs ...rec) Case {
	t.Helper()
	ctx := context.Background()
	c, err := s.CreateCase(ctx, Case{EmployeeID: e.ID, Employer: e.Employer, FirstSickDay: d(first), ExpectedDays: 14,
		Notes: "Griep", ReportedBy: "user-hr"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if _, err := s.AddRecovery(ctx, Recovery{CaseID: c.ID, On: d(r.on), Percentage: r.pct, ReportedBy: "user-hr"}); err != nil {
			t.Fatalf("recovery %v: %v", r, err)
		}
	}
	c, err = s.GetCase(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// snapshot is every absence of the employee as GetCase returns it.
func snapshot(t *testing.T, s *Store, employee string) map[string]Case {
	t.Helper()
	ctx := context.Background()
	cases, err := s.CasesOfEmployee(ctx, employee)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Case{}
	for _, c := range cases {
		if out[c.ID], err = s.GetCase(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func fixCase(c Case, first string, reason string) CaseCorrection {
	return CaseCorrection{CaseID: c.ID, FirstSickDay: d(first), ExpectedDays: c.ExpectedDays, Notes: c.Notes,
		Reason: reason, By: "user-hr", Today: correctionToday}
}

func fixRecovery(c Case, on string, pct int) RecoveryCorrection {
	return RecoveryCorrection{CaseID: c.ID, RecoveryID: c.LastRecovery().ID, On: d(on), Percentage: pct,
		Reason: "Verkeerde datum", By: "user-hr", Today: correctionToday}
}

func withdraw(c Case) RecoveryCorrection {
	return RecoveryCorrection{CaseID: c.ID, RecoveryID: c.LastRecovery().ID, Withdraw: true,
		Reason: "Per ongeluk gemeld", By: "user-hr", Today: correctionToday}
}

func TestCorrectCaseRecordsEveryChangedValue(t *testing.T) {
	eachWithClock(t, func(t *testing.T, s *Store, clock *storagetest.Clock) {
		ctx := context.Background()
		e := correctionEmployee(t, s, "1")
		c := sickCase(t, s, e, "2026-02-10", rec{"2026-02-20", 50})
		in := fixCase(c, "2026-02-03", "Eerste ziektedag verkeerd overgenomen")
		in.ExpectedDays, in.Notes, in.Seen = 0, "", c.UpdatedAt
		audited := 0
		in.Audit = func() error { audited++; return nil }
		got, done, err := s.CorrectCase(ctx, in)
		if err != nil || audited != 1 {
			t.Fatalf("CorrectCase: %v (audited %d)", err, audited)
		}
		if !got.FirstSickDay.Equal(d("2026-02-03")) || got.ExpectedDays != 0 || got.Notes != "" || !got.Open() {
			t.Fatalf("returned case: %+v", got)
		}
		want := []struct {
			field    CorrectionField
			old, new CorrectionValue
		}{
			{FieldFirstSickDay, "2026-02-10", "2026-02-03"},
			{FieldExpectedDays, "14", "0"},
			{FieldNotes, "Griep", ""},
		}
		if len(done) != len(want) {
			t.Fatalf("history rows: %+v", done)
		}
		stored, err := s.GetCase(ctx, c.ID)
		if err != nil || !stored.FirstSickDay.Equal(d("2026-02-03")) || stored.ExpectedDays != 0 || stored.Notes != "" ||
			!stored.UpdatedAt.Equal(got.UpdatedAt) || len(stored.Recoveries) != 1 {
			t.Fatalf("stored case: %+v %v", stored, err)
		}
		if !reflect.DeepEqual(stored.Corrections, done) {
			t.Fatalf("GetCase history %+v, want %+v", stored.Corrections, done)
		}
		for i, w := range want {
			h := stored.Corrections[i]
			if h.Field != w.field || h.Old != w.old || h.New != w.new || h.Reason != in.Reason || h.By != "user-hr" ||
				h.CaseID != c.ID || h.ID != done[0].ID || !strings.HasPrefix(h.ID, "CR-") {
				t.Errorf("history row %d: %+v, want %+v", i, h, w)
			}
		}
		if stored.Corrections[0].Old.Date() != d("2026-02-10") || stored.Corrections[1].Old.Number() != 14 {
			t.Errorf("values: %v %v", stored.Corrections[0].Old.Date(), stored.Corrections[1].Old.Number())
		}

		// A later correction comes first; the same values again change nothing.
		clock.Advance(time.Hour)
		again := fixCase(stored, "2026-02-04", "Toch een dag later")
		if _, _, err := s.CorrectCase(ctx, again); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.CorrectCase(ctx, again); !errors.Is(err, ErrNoChange) {
			t.Fatalf("unchanged correction: %v", err)
		}
		list, err := s.Corrections(ctx, c.ID)
		if err != nil || len(list) != 4 || list[0].Reason != "Toch een dag later" || list[0].New.Date() != d("2026-02-04") {
			t.Fatalf("history: %+v %v", list, err)
		}
	})
}

func TestCorrectRecoveryWithdrawsAndCorrects(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		e := correctionEmployee(t, s, "1")
		c := sickCase(t, s, e, "2026-02-01", rec{"2026-02-10", 50}, rec{"2026-02-20", 100})

		// Withdrawing the full recovery opens the case again.
		got, h, err := s.CorrectRecovery(ctx, withdraw(c))
		if err != nil || !got.Open() || len(got.Recoveries) != 1 || !h.Withdrawn() || h.Old != "2026-02-20;100" || h.New != "" {
			t.Fatalf("withdraw full: %+v %+v %v", got, h, err)
		}
		if c, err = s.GetCase(ctx, c.ID); err != nil || !c.Open() || c.WorkingPercentage() != 50 || len(c.Corrections) != 1 {
			t.Fatalf("after withdrawing: %+v %v", c, err)
		}
		// Recovery can be reported again.
		if _, err := s.AddRecovery(ctx, Recovery{CaseID: c.ID, On: d("2026-02-25"), Percentage: 100}); err != nil {
			t.Fatalf("report full recovery again: %v", err)
		}
		c, _ = s.GetCase(ctx, c.ID)
		if !c.RecoveredOn.Equal(d("2026-02-25")) {
			t.Fatalf("recovered on %v", c.RecoveredOn)
		}
		// A full recovery lowered to a partial one opens the case; raised
		// to 100 it closes it on its date.
		if got, _, err = s.CorrectRecovery(ctx, fixRecovery(c, "2026-02-24", 80)); err != nil || !got.Open() {
			t.Fatalf("lower to 80: %+v %v", got, err)
		}
		c, _ = s.GetCase(ctx, c.ID)
		if c.WorkingPercentage() != 80 || !c.LastRecovery().On.Equal(d("2026-02-24")) {
			t.Fatalf("corrected report: %+v", c.Recoveries)
		}
		if got, h, err = s.CorrectRecovery(ctx, fixRecovery(c, "2026-02-26", 100)); err != nil || !got.RecoveredOn.Equal(d("2026-02-26")) ||
			h.Old != "2026-02-24;80" || h.New.Date() != d("2026-02-26") || h.New.Number() != 100 {
			t.Fatalf("raise to 100: %+v %+v %v", got, h, err)
		}
		// Withdrawing every report leaves the case open without reports.
		c, _ = s.GetCase(ctx, c.ID)
		for range 2 {
			if _, _, err := s.CorrectRecovery(ctx, withdraw(c)); err != nil {
				t.Fatal(err)
			}
			c, _ = s.GetCase(ctx, c.ID)
		}
		if !c.Open() || len(c.Recoveries) != 0 || len(c.Corrections) != 5 {
			t.Fatalf("after withdrawing all: %+v", c)
		}
		if _, _, err := s.CorrectRecovery(ctx, RecoveryCorrection{CaseID: c.ID, RecoveryID: "HM-AAAAAAAA", Withdraw: true,
			Reason: "x", By: "u", Today: correctionToday}); !isConflict(err, ConflictNotLatest) {
			t.Fatalf("withdraw without reports: %v", err)
		}
	})
}

// TestReopenAndNewAbsenceAtOnce: withdrawing a full recovery and reporting a
// new absence of the same employee at the same time; exactly one wins.
func TestReopenAndNewAbsenceAtOnce(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		e := correctionEmployee(t, s, "1")
		c := sickCase(t, s, e, "2026-01-01", rec{"2026-01-20", 100})
		var wg sync.WaitGroup
		var reopenErr, createErr error
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, _, reopenErr = s.CorrectRecovery(ctx, withdraw(c))
		}()
		go func() {
			defer wg.Done()
			_, createErr = s.CreateCase(ctx, Case{EmployeeID: e.ID, Employer: e.Employer, FirstSickDay: d("2026-02-20")})
		}()
		wg.Wait()
		if (reopenErr == nil) == (createErr == nil) {
			t.Fatalf("reopen: %v, new absence: %v; want exactly one to succeed", reopenErr, createErr)
		}
		if !errors.Is(reopenErr, ErrConflict) && !errors.Is(createErr, ErrConflict) {
			t.Fatalf("the loser did not get a conflict: %v %v", reopenErr, createErr)
		}
		open := 0
		for _, x := range snapshot(t, s, e.ID) {
			if x.Open() {
				open++
			}
		}
		if open != 1 {
			t.Fatalf("%d open absences", open)
		}
	})
}

// TestRetentionDeletesTheHistory: deleting a case deletes its corrections.
func TestRetentionDeletesTheHistory(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		e := correctionEmployee(t, s, "1")
		old := sickCase(t, s, e, "2022-01-01", rec{"2022-02-01", 100})
		if _, _, err := s.CorrectCase(ctx, fixCase(old, "2021-12-30", "Eerder ziek")); err != nil {
			t.Fatal(err)
		}
		kept := sickCase(t, s, e, "2026-01-01")
		if _, _, err := s.CorrectCase(ctx, fixCase(kept, "2025-12-31", "Eerder ziek")); err != nil {
			t.Fatal(err)
		}
		res, err := s.DeleteExpired(ctx, "wg", Selection{Cases: []string{old.ID}}, date.New(2026, 3, 2), nil)
		if err != nil || len(res.Deleted) != 1 {
			t.Fatalf("DeleteExpired: %+v %v", res, err)
		}
		if list, err := s.Corrections(ctx, old.ID); err != nil || len(list) != 0 {
			t.Fatalf("history of the deleted case: %+v %v", list, err)
		}
		if list, err := s.Corrections(ctx, kept.ID); err != nil || len(list) != 1 {
			t.Fatalf("history of the kept case: %+v %v", list, err)
		}
	})
}
