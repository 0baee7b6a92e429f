package store

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func isConflict(err error, want ConflictReason) bool {
	var ce *ConflictError
	return errors.Is(err, ErrConflict) && errors.As(err, &ce) && ce.Reason == want
}

// TestRefusedCorrectionsChangeNothing: every invariant the store keeps, and
// the case, its reports, its history and the employee's other absences stay
// as they were.
func TestRefusedCorrectionsChangeNothing(t *testing.T) {
	type run func(s *Store, c Case) error
	fix := func(first string) run {
		return func(s *Store, c Case) error {
			_, _, err := s.CorrectCase(context.Background(), fixCase(c, first, "r"))
			return err
		}
	}
	fixRec := func(on string, pct int) run {
		return func(s *Store, c Case) error {
			_, _, err := s.CorrectRecovery(context.Background(), fixRecovery(c, on, pct))
			return err
		}
	}
	undo := func(s *Store, c Case) error {
		_, _, err := s.CorrectRecovery(context.Background(), withdraw(c))
		return err
	}
	for _, tc := range []struct {
		name string
		// setup stores the employee's absences and returns the one corrected.
		setup  func(t *testing.T, s *Store, e Employee) Case
		do     run
		reason ConflictReason // "" for the non-conflict errors below
		err    error
	}{
		{"first sick day in the future", func(t *testing.T, s *Store, e Employee) Case {
			return sickCase(t, s, e, "2026-02-01")
		}, fix("2026-03-03"), ConflictFuture, nil},
		{"first sick day after a partial recovery", func(t *testing.T, s *Store, e Employee) Case {
			return sickCase(t, s, e, "2026-02-01", rec{"2026-02-10", 50})
		}, fix("2026-02-11"), ConflictAfterRecovery, nil},
		{"first sick day on the day of full recovery", func(t *testing.T, s *Store, e Employee) Case {
			return sickCase(t, s, e, "2026-02-01", rec{"2026-02-10", 100})
		}, fix("2026-02-10"), ConflictAfterRecovery, nil},
		{"first sick day after a step was done", func(t *testing.T, s *Store, e Employee) Case {
			c := sickCase(t, s, e, "2026-01-01")
			if _, err := s.MarkActivity(context.Background(), Activity{CaseID: c.ID, Step: "probleemanalyse", DoneOn: d("2026-02-05")}); err != nil {
				t.Fatal(err)
			}
			return c
		}, fix("2026-02-06"), ConflictStepBefore, nil},
		{"first sick day inside an earlier absence", func(t *testing.T, s *Store, e Employee) Case {
			sickCase(t, s, e, "2026-01-01", rec{"2026-01-20", 100})
			return sickCase(t, s, e, "2026-02-01")
		}, fix("2026-01-19"), ConflictOverlap, nil},
		{"case changed since it was seen", func(t *testing.T, s *Store, e Employee) Case {
			return sickCase(t, s, e, "2026-02-01")
		}, func(s *Store, c Case) error {
			in := fixCase(c, "2026-01-30", "r")
			in.Seen = c.UpdatedAt.Add(-time.Second)
			_, _, err := s.CorrectCase(context.Background(), in)
			return err
		}, ConflictStale, nil},
		{"recovery before the first sick day", func(t *testing.T, s *Store, e Employee) Case {
			return sickCase(t, s, e, "2026-02-01", rec{"2026-02-10", 50})
		}, fixRec("2026-01-31", 50), ConflictBeforeFirstSickDay, nil},
		{"full recovery on the first sick day", func(t *testing.T, s *Store, e Employee) Case {
			return sickCase(t, s, e, "2026-02-01", rec{"2026-02-10", 100})
		}, fixRec("2026-02-01", 100), ConflictBeforeFirstSickDay, nil},
		{"recovery before the report before it", func(t *testing.T, s *Store, e Employee) Case {
			return sickCase(t, s, e, "2026-02-01", rec{"2026-02-10", 50}, rec{"2026-02-20", 80})
		}, fixRec("2026-02-09", 80), ConflictBeforeEarlierRecovery, nil},
		{"recovery in the future", func(t *testing.T, s *Store, e Employee) Case {
			return sickCase(t, s, e, "2026-02-01", rec{"2026-02-10", 50})
		}, fixRec("2026-03-03", 50), ConflictFuture, nil},
		{"withdrawn full recovery while another absence is open", func(t *testing.T, s *Store, e Employee) Case {
			c := sickCase(t, s, e, "2026-01-01", rec{"2026-01-20", 100})
			sickCase(t, s, e, "2026-02-01")
			return c
		}, undo, ConflictOtherOpen, nil},
		{"full recovery lowered while another absence is open", func(t *testing.T, s *Store, e Employee) Case {
			c := sickCase(t, s, e, "2026-01-01", rec{"2026-01-20", 100})
			sickCase(t, s, e, "2026-02-01")
			return c
		}, fixRec("2026-01-20", 50), ConflictOtherOpen, nil},
		{"withdrawn full recovery with a later absence", func(t *testing.T, s *Store, e Employee) Case {
			c := sickCase(t, s, e, "2026-01-01", rec{"2026-01-20", 100})
			sickCase(t, s, e, "2026-02-01", rec{"2026-02-10", 100})
			return c
		}, undo, ConflictOverlap, nil},
		{"full recovery moved into a later absence", func(t *testing.T, s *Store, e Employee) Case {
			c := sickCase(t, s, e, "2026-01-01", rec{"2026-01-20", 100})
			sickCase(t, s, e, "2026-02-01", rec{"2026-02-10", 100})
			return c
		}, fixRec("2026-02-02", 100), ConflictOverlap, nil},
		{"a report that is no longer the latest", func(t *testing.T, s *Store, e Employee) Case {
			return sickCase(t, s, e, "2026-02-01", rec{"2026-02-10", 50}, rec{"2026-02-20", 80})
		}, func(s *Store, c Case) error {
			in := fixRecovery(c, "2026-02-11", 50)
			in.RecoveryID = c.Recoveries[0].ID
			_, _, err := s.CorrectRecovery(context.Background(), in)
			return err
		}, ConflictNotLatest, nil},
		{"no reason", func(t *testing.T, s *Store, e Employee) Case {
			return sickCase(t, s, e, "2026-02-01")
		}, func(s *Store, c Case) error {
			_, _, err := s.CorrectCase(context.Background(), fixCase(c, "2026-01-30", "  "))
			return err
		}, "", ErrCorrectionInput},
		{"a reason that is too long", func(t *testing.T, s *Store, e Employee) Case {
			return sickCase(t, s, e, "2026-02-01", rec{"2026-02-10", 50})
		}, func(s *Store, c Case) error {
			in := withdraw(c)
			in.Reason = strings.Repeat("é", MaxCorrectionReason+1)
			_, _, err := s.CorrectRecovery(context.Background(), in)
			return err
		}, "", ErrCorrectionInput},
		{"nothing changed", func(t *testing.T, s *Store, e Employee) Case {
			return sickCase(t, s, e, "2026-02-01", rec{"2026-02-10", 50})
		}, fixRec("2026-02-10", 50), "", ErrNoChange},
		{"an unknown case", func(t *testing.T, s *Store, e Employee) Case {
			return sickCase(t, s, e, "2026-02-01")
		}, func(s *Store, c Case) error {
			c.ID = "VZ-AAAAAAAA"
			_, _, err := s.CorrectCase(context.Background(), fixCase(c, "2026-01-30", "r"))
			return err
		}, "", ErrNotFound},
		{"the audit event cannot be written", func(t *testing.T, s *Store, e Employee) Case {
			return sickCase(t, s, e, "2026-01-01", rec{"2026-01-20", 100})
		}, func(s *Store, c Case) error {
			in := withdraw(c)
			in.Audit = func() error { return errAuditDown }
			_, _, err := s.CorrectRecovery(context.Background(), in)
			return err
		}, "", errAuditDown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			each(t, func(t *testing.T, s *Store) {
				e := correctionEmployee(t, s, "1")
				c := tc.setup(t, s, e)
				before := snapshot(t, s, e.ID)
				err := tc.do(s, c)
				switch {
				case tc.reason != "" && !isConflict(err, tc.reason):
					t.Fatalf("got %v, want conflict %s", err, tc.reason)
				case tc.err != nil && !errors.Is(err, tc.err):
					t.Fatalf("got %v, want %v", err, tc.err)
				}
				if after := snapshot(t, s, e.ID); !reflect.DeepEqual(before, after) {
					t.Fatalf("a refused correction changed the data:\nbefore %+v\nafter  %+v", before, after)
				}
			})
		})
	}
}

var errAuditDown = errors.New("audit down")
