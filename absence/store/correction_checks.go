package store

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/storage"
)

// caseState is an absence case during a correction: as stored and as
// corrected, with what its invariants are checked against.
type caseState struct {
	cur       Case      // as stored, with its recovery reports
	next      Case      // as corrected; Recoveries is a copy
	others    []Case    // the employee's other absences
	firstStep date.Date // the earliest day a Poortwachter step of the case was done; zero: none
}

// loadCaseState reads a case for a correction inside tx. It first locks the
// employee's row (lockEmployeeOfCase): corrections of the employee's
// absences wait for each other, and so does a new absence.
func (s *Store) loadCaseState(ctx context.Context, tx *sql.Tx, caseID string) (*caseState, error) {
	employee, _, err := s.lockEmployeeOfCase(ctx, tx, caseID)
	if err != nil {
		return nil, err
	}
	cur, err := s.scanCase(tx.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM absence_cases WHERE id = $1`+s.forUpdate(), caseID))
	if err != nil {
		return nil, notFound(err)
	}
	if cur.Recoveries, err = s.recoveries(ctx, tx, caseID); err != nil {
		return nil, err
	}
	st := &caseState{cur: cur, next: cur}
	st.next.Recoveries = slices.Clone(cur.Recoveries)
	st.others, err = queryAll(ctx, tx, s.scanCase, `SELECT `+caseColumns+` FROM absence_cases WHERE employee_id = $1 AND id <> $2`, employee, caseID)
	if err != nil {
		return nil, err
	}
	var first sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT MIN(done_on) FROM absence_activities WHERE case_id = $1`, caseID).Scan(&first); err != nil {
		return nil, err
	}
	st.firstStep = parseDate(first.String)
	return st, nil
}

// settle derives the day of full recovery from the corrected reports: the
// date of the latest report when it is a full recovery.
func (st *caseState) settle() {
	st.next.RecoveredOn = date.Date{}
	if last := st.next.LastRecovery(); last != nil && last.Percentage == 100 {
		st.next.RecoveredOn = last.On
	}
}

// recoveryEdited returns the corrected latest report, when a correction
// changed it (not when it withdrew it).
func (st *caseState) recoveryEdited() (Recovery, bool) {
	n, c := st.next.LastRecovery(), st.cur.LastRecovery()
	if n == nil || c == nil || len(st.next.Recoveries) != len(st.cur.Recoveries) || *n == *c {
		return Recovery{}, false
	}
	return *n, true
}

// check refuses a corrected state that breaks an invariant of the case.
func (st *caseState) check(today date.Date) error {
	st.settle()
	n, c := st.next, st.cur
	firstMoved := !n.FirstSickDay.Equal(c.FirstSickDay)
	if firstMoved {
		if n.FirstSickDay.After(today) {
			return refuse(ConflictFuture)
		}
		if !st.firstStep.IsZero() && st.firstStep.Before(n.FirstSickDay) {
			return refuse(ConflictStepBefore)
		}
	}
	if r, ok := st.recoveryEdited(); ok && r.On.After(today) {
		return refuse(ConflictFuture)
	}
	for i, r := range n.Recoveries {
		if r.On.Before(n.FirstSickDay) || (r.Percentage == 100 && !r.On.After(n.FirstSickDay)) {
			if firstMoved {
				return refuse(ConflictAfterRecovery)
			}
			return refuse(ConflictBeforeFirstSickDay)
		}
		if i > 0 && r.On.Before(n.Recoveries[i-1].On) {
			return refuse(ConflictBeforeEarlierRecovery)
		}
	}
	if n.Open() && !c.Open() {
		for _, o := range st.others {
			if o.Open() {
				return refuse(ConflictOtherOpen)
			}
		}
	}
	if firstMoved || !n.RecoveredOn.Equal(c.RecoveredOn) {
		p := n.Period()
		for _, o := range st.others {
			if periodsOverlap(p.Start, p.End, o.Period().Start, o.Period().End) {
				return refuse(ConflictOverlap)
			}
		}
	}
	return nil
}

// periodsOverlap reports whether [aStart, aEnd] and [bStart, bEnd] share a
// day; a zero end is open.
func periodsOverlap(aStart, aEnd, bStart, bEnd date.Date) bool {
	return (aEnd.IsZero() || !aEnd.Before(bStart)) && (bEnd.IsZero() || !bEnd.Before(aStart))
}

// write stores the corrected case and its recovery reports;
// notesSealed is st.next.Notes as sealed for the row.
func (st *caseState) write(ctx context.Context, tx *sql.Tx, at time.Time, notesSealed string) error {
	n := st.next
	_, err := tx.ExecContext(ctx, `UPDATE absence_cases SET first_sick_day = $2, expected_days = $3, notes = $4,
		recovered_on = $5, updated_at = $6 WHERE id = $1`,
		n.ID, dateText(n.FirstSickDay), n.ExpectedDays, notesSealed, dateText(n.RecoveredOn), storage.Micros(at))
	if storage.IsUniqueViolation(err) {
		// Another absence of the employee was opened at the same moment.
		return refuse(ConflictOtherOpen)
	} else if err != nil {
		return err
	}
	if len(n.Recoveries) < len(st.cur.Recoveries) {
		_, err = tx.ExecContext(ctx, `DELETE FROM absence_recoveries WHERE id = $1`, st.cur.LastRecovery().ID)
		return err
	}
	if r, ok := st.recoveryEdited(); ok {
		_, err = tx.ExecContext(ctx, `UPDATE absence_recoveries SET on_date = $2, percentage = $3 WHERE id = $1`,
			r.ID, dateText(r.On), r.Percentage)
	}
	return err
}
