package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/storage"
)

// Corrections of an absence case: the facts of the sick report (first sick
// day, expected duration, notes) and the latest recovery report (withdrawn,
// or its date and percentage corrected). Every corrected value is kept in
// absence_corrections with the old and the new value, the reason, who and
// when; the case and its history live side by side in this database.
//
// A correction keeps the invariants of the case in one transaction (see
// correction_checks.go): one open absence per employee, the date order of
// the first sick day, the recovery reports and the Poortwachter steps, no
// overlap with another absence of the employee, and no date in the future.

// CorrectionField names what a correction changed.
type CorrectionField string

// The values a correction can change.
const (
	FieldFirstSickDay CorrectionField = "first_sick_day"
	FieldExpectedDays CorrectionField = "expected_days"
	FieldNotes        CorrectionField = "notes"
	FieldRecovery     CorrectionField = "recovery" // the latest recovery report
)

// CorrectionFields returns every field in the order a correction lists them.
func CorrectionFields() []CorrectionField {
	return []CorrectionField{FieldFirstSickDay, FieldExpectedDays, FieldNotes, FieldRecovery}
}

func (f CorrectionField) rank() int {
	for i, g := range CorrectionFields() {
		if g == f {
			return i
		}
	}
	return len(CorrectionFields())
}

// MessageID is the id of the field's name in the page catalogue.
func (f CorrectionField) MessageID() string { return "absence.correction.field." + string(f) }

// MaxCorrectionReason is the longest reason of a correction, in characters.
const MaxCorrectionReason = 500

// Errors of corrections besides ErrNotFound and a *ConflictError.
var (
	// ErrNoChange: the correction holds the values the case already has.
	ErrNoChange = errors.New("store: the correction changes nothing")
	// ErrCorrectionInput: no reason, a reason longer than
	// MaxCorrectionReason, no subject or no current day, or a value out of
	// range (a percentage outside 1–100, a negative duration, a missing date).
	ErrCorrectionInput = errors.New("store: a correction needs a reason, a subject, the current day and valid values")
)

// CorrectionValue is a value as the history keeps it: a date as ISO text, a
// number in decimals, a note as it is, a recovery report as
// "YYYY-MM-DD;percentage", and "" for none (a withdrawn report).
type CorrectionValue string

// Empty reports whether there was no value (no notes, a withdrawn report).
func (v CorrectionValue) Empty() bool { return v == "" }

// Date is the date of a first sick day or of a recovery report.
func (v CorrectionValue) Date() date.Date {
	s, _, _ := strings.Cut(string(v), ";")
	return parseDate(s)
}

// Number is the expected duration in days (0: unknown) or the percentage of
// a recovery report.
func (v CorrectionValue) Number() int {
	s := string(v)
	if _, after, ok := strings.Cut(s, ";"); ok {
		s = after
	}
	n, _ := strconv.Atoi(s)
	return n
}

func recoveryValue(r Recovery) CorrectionValue {
	return CorrectionValue(dateText(r.On) + ";" + strconv.Itoa(r.Percentage))
}

// Correction is one corrected value of an absence case.
type Correction struct {
	ID       string // "CR-…", shared by the values one correction changed
	CaseID   string
	Field    CorrectionField
	Old, New CorrectionValue
	Reason   string
	By       string // subject of the user who corrected
	At       time.Time
}

// Withdrawn reports whether the correction withdrew a recovery report.
func (c Correction) Withdrawn() bool { return c.Field == FieldRecovery && c.New.Empty() }

// ConflictReason says why a correction contradicts the stored state.
type ConflictReason string

// The reasons a correction is refused with.
const (
	// ConflictFuture: the first sick day or a recovery date after today.
	ConflictFuture ConflictReason = "future"
	// ConflictAfterRecovery: the first sick day on or after a recovery
	// report's date (a partial report may fall on the first sick day).
	ConflictAfterRecovery ConflictReason = "after_recovery"
	// ConflictStepBefore: a Poortwachter step was done before the new first
	// sick day.
	ConflictStepBefore ConflictReason = "step_before"
	// ConflictBeforeFirstSickDay: a recovery date before the first sick day,
	// or a full recovery on it.
	ConflictBeforeFirstSickDay ConflictReason = "before_first_sick_day"
	// ConflictBeforeEarlierRecovery: a recovery date before the report
	// before it.
	ConflictBeforeEarlierRecovery ConflictReason = "before_earlier_recovery"
	// ConflictOverlap: the absence would share a day with another absence
	// of the employee.
	ConflictOverlap ConflictReason = "overlap"
	// ConflictOtherOpen: the absence would open again while the employee
	// has another open absence.
	ConflictOtherOpen ConflictReason = "other_open"
	// ConflictNotLatest: the recovery report is not, or no longer, the
	// latest of the case; only the latest can be corrected or withdrawn.
	ConflictNotLatest ConflictReason = "not_latest"
	// ConflictStale: the case changed after the user saw it.
	ConflictStale ConflictReason = "stale"
)

// ConflictReasons returns every reason.
func ConflictReasons() []ConflictReason {
	return []ConflictReason{ConflictFuture, ConflictAfterRecovery, ConflictStepBefore, ConflictBeforeFirstSickDay,
		ConflictBeforeEarlierRecovery, ConflictOverlap, ConflictOtherOpen, ConflictNotLatest, ConflictStale}
}

// MessageID is the id of the reason's message in the page catalogue.
func (r ConflictReason) MessageID() string { return "absence.correction.conflict." + string(r) }

// ConflictError is a refused correction; errors.Is(err, ErrConflict) holds.
type ConflictError struct{ Reason ConflictReason }

func (e *ConflictError) Error() string { return "store: correction refused: " + string(e.Reason) }

// Is makes a ConflictError an ErrConflict.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

func refuse(r ConflictReason) error { return &ConflictError{Reason: r} }

// CaseCorrection corrects the facts of a sick report. FirstSickDay,
// ExpectedDays and Notes are the new state as a whole: a value equal to the
// stored one stays and is not recorded.
type CaseCorrection struct {
	CaseID       string
	FirstSickDay date.Date
	ExpectedDays int // 0: unknown
	Notes        string
	// Seen is the case's UpdatedAt as the user saw it; a case changed since
	// is refused with ConflictStale. Zero: not checked.
	Seen   time.Time
	Reason string
	By     string    // subject of the user
	Today  date.Date // the current day in the application's time zone
	// Audit, when not nil, runs inside the transaction after the change;
	// when it fails nothing is changed.
	Audit func() error
}

// RecoveryCorrection withdraws the latest recovery report of a case
// (Withdraw) or corrects its date and percentage. Withdrawing or lowering a
// full recovery opens the case again; raising a report to 100 closes it.
type RecoveryCorrection struct {
	CaseID     string
	RecoveryID string // must be the latest report of the case
	Withdraw   bool
	On         date.Date // the corrected date (not when withdrawing)
	Percentage int       // the corrected percentage, 1–100 (not when withdrawing)
	Reason     string
	By         string
	Today      date.Date
	Audit      func() error
}

func checkReason(reason, by string, today date.Date) error {
	if strings.TrimSpace(reason) == "" || utf8.RuneCountInString(reason) > MaxCorrectionReason || by == "" || today.IsZero() {
		return ErrCorrectionInput
	}
	return nil
}

// CorrectCase corrects the first sick day, the expected duration and the
// notes of a case. It returns the case as corrected and the history rows
// written; ErrNoChange when nothing differs, a *ConflictError when the new
// state breaks an invariant, and then nothing is changed.
func (s *Store) CorrectCase(ctx context.Context, in CaseCorrection) (Case, []Correction, error) {
	if err := checkReason(in.Reason, in.By, in.Today); err != nil {
		return Case{}, nil, err
	}
	if in.FirstSickDay.IsZero() || in.ExpectedDays < 0 {
		return Case{}, nil, ErrCorrectionInput
	}
	m := correction{caseID: in.CaseID, reason: in.Reason, by: in.By, today: in.Today, audit: in.Audit}
	return s.correct(ctx, m, func(st *caseState) ([]change, error) {
		c := st.cur
		if !in.Seen.IsZero() && storage.Micros(in.Seen) != storage.Micros(c.UpdatedAt) {
			return nil, refuse(ConflictStale)
		}
		var out []change
		if !in.FirstSickDay.Equal(c.FirstSickDay) {
			out = append(out, change{FieldFirstSickDay, CorrectionValue(dateText(c.FirstSickDay)), CorrectionValue(dateText(in.FirstSickDay))})
			st.next.FirstSickDay = in.FirstSickDay
		}
		if in.ExpectedDays != c.ExpectedDays {
			out = append(out, change{FieldExpectedDays, CorrectionValue(strconv.Itoa(c.ExpectedDays)), CorrectionValue(strconv.Itoa(in.ExpectedDays))})
			st.next.ExpectedDays = in.ExpectedDays
		}
		if in.Notes != c.Notes {
			out = append(out, change{FieldNotes, CorrectionValue(c.Notes), CorrectionValue(in.Notes)})
			st.next.Notes = in.Notes
		}
		return out, nil
	})
}

// CorrectRecovery withdraws or corrects the latest recovery report of a
// case, with the same results as CorrectCase.
func (s *Store) CorrectRecovery(ctx context.Context, in RecoveryCorrection) (Case, Correction, error) {
	if err := checkReason(in.Reason, in.By, in.Today); err != nil {
		return Case{}, Correction{}, err
	}
	if !in.Withdraw && (in.On.IsZero() || in.Percentage < 1 || in.Percentage > 100) {
		return Case{}, Correction{}, ErrCorrectionInput
	}
	m := correction{caseID: in.CaseID, reason: in.Reason, by: in.By, today: in.Today, audit: in.Audit}
	c, done, err := s.correct(ctx, m, func(st *caseState) ([]change, error) {
		n := len(st.next.Recoveries)
		if n == 0 || st.next.Recoveries[n-1].ID != in.RecoveryID {
			return nil, refuse(ConflictNotLatest)
		}
		old := st.next.Recoveries[n-1]
		if in.Withdraw {
			st.next.Recoveries = st.next.Recoveries[:n-1]
			return []change{{FieldRecovery, recoveryValue(old), ""}}, nil
		}
		fixed := old
		fixed.On, fixed.Percentage = in.On, in.Percentage
		if fixed.On.Equal(old.On) && fixed.Percentage == old.Percentage {
			return nil, nil
		}
		st.next.Recoveries[n-1] = fixed
		return []change{{FieldRecovery, recoveryValue(old), recoveryValue(fixed)}}, nil
	})
	if err != nil {
		return Case{}, Correction{}, err
	}
	return c, done[0], nil
}

// Corrections returns the correction history of a case, newest first; the
// values of one correction in the order of CorrectionFields.
func (s *Store) Corrections(ctx context.Context, caseID string) ([]Correction, error) {
	out, err := queryAll(ctx, s.db.DB, s.scanCorrection, `SELECT id, case_id, field, old_value, new_value, reason, corrected_by, corrected_at
		FROM absence_corrections WHERE case_id = $1`, caseID)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.At.Equal(b.At) {
			return a.At.After(b.At)
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Field.rank() < b.Field.rank()
	})
	return out, nil
}

func (s *Store) scanCorrection(sc storage.Scanner) (Correction, error) {
	var c Correction
	var field, old, nw string
	var at int64
	if err := sc.Scan(&c.ID, &c.CaseID, &field, &old, &nw, &c.Reason, &c.By, &at); err != nil {
		return c, err
	}
	c.Field, c.At = CorrectionField(field), storage.FromMicros(at)
	var err error
	if c.Reason, err = s.openText(c.Reason, correctionAD("reason", c.ID, c.Field)); err != nil {
		return Correction{}, err
	}
	if sealsCorrectionValues(c.Field) {
		if old, err = s.openText(old, correctionAD("old_value", c.ID, c.Field)); err != nil {
			return Correction{}, err
		}
		if nw, err = s.openText(nw, correctionAD("new_value", c.ID, c.Field)); err != nil {
			return Correction{}, err
		}
	}
	c.Old, c.New = CorrectionValue(old), CorrectionValue(nw)
	return c, nil
}

// sealCorrection seals the reason of one row of correction id and, for the
// notes, its old and new values.
func (s *Store) sealCorrection(id string, ch change, reason string) (old, nw, sealedReason string, err error) {
	old, nw = string(ch.old), string(ch.new)
	if sealedReason, err = s.sealText(reason, correctionAD("reason", id, ch.field)); err != nil {
		return "", "", "", err
	}
	if sealsCorrectionValues(ch.field) {
		if old, err = s.sealText(old, correctionAD("old_value", id, ch.field)); err != nil {
			return "", "", "", err
		}
		if nw, err = s.sealText(nw, correctionAD("new_value", id, ch.field)); err != nil {
			return "", "", "", err
		}
	}
	return old, nw, sealedReason, nil
}

// LastRecovery returns the latest recovery report of c, or nil.
func (c Case) LastRecovery() *Recovery {
	if len(c.Recoveries) == 0 {
		return nil
	}
	r := c.Recoveries[len(c.Recoveries)-1]
	return &r
}

// change is one value a correction changes.
type change struct {
	field    CorrectionField
	old, new CorrectionValue
}

// correction is what every correction carries besides its changes.
type correction struct {
	caseID, reason, by string
	today              date.Date
	audit              func() error
}

// correct runs one correction in a transaction: it locks the employee, reads
// the case, lets edit change st.next, checks the invariants, writes the case,
// its recovery reports and the history, and runs the audit.
func (s *Store) correct(ctx context.Context, m correction, edit func(st *caseState) ([]change, error)) (Case, []Correction, error) {
	var (
		out  Case
		done []Correction
	)
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		st, err := s.loadCaseState(ctx, tx, m.caseID)
		if err != nil {
			return err
		}
		changes, err := edit(st)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			return ErrNoChange
		}
		if err := st.check(m.today); err != nil {
			return err
		}
		at := s.now()
		notes, err := s.sealText(st.next.Notes, caseNotesAD(st.next.ID))
		if err != nil {
			return err
		}
		if err := st.write(ctx, tx, at, notes); err != nil {
			return err
		}
		// One id for the rows of this correction; a collision of 40 random
		// bits fails the correction rather than retrying inside the
		// transaction (PostgreSQL aborts it on the violation).
		id := newID("CR")
		done = done[:0]
		for _, ch := range changes {
			old, nw, reason, err := s.sealCorrection(id, ch, m.reason)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO absence_corrections
				(id, case_id, field, old_value, new_value, reason, corrected_by, corrected_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				id, m.caseID, string(ch.field), old, nw, reason, m.by, storage.Micros(at)); err != nil {
				return fmt.Errorf("store: record correction: %w", err)
			}
			done = append(done, Correction{ID: id, CaseID: m.caseID, Field: ch.field, Old: ch.old, New: ch.new,
				Reason: m.reason, By: m.by, At: at})
		}
		if m.audit != nil {
			if err := m.audit(); err != nil {
				return err
			}
		}
		out = st.next
		out.UpdatedAt = at
		return nil
	})
	if err != nil {
		return Case{}, nil, err
	}
	return out, done, nil
}
