package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/storage"
)

const caseColumns = `id, employee_id, employer_org, first_sick_day, expected_days, notes, recovered_on,
	reported_by, reported_at, updated_at`

// CreateCase stores a new absence for an employee. An employee who still has
// an open absence gets ErrConflict; a first sick day within a closed
// absence gets ErrWithinEarlierAbsence.
func (s *Store) CreateCase(ctx context.Context, c Case) (Case, error) {
	if c.EmployeeID == "" || c.Employer == "" || c.FirstSickDay.IsZero() {
		return c, fmt.Errorf("store: an absence needs an employee, an employer and a first sick day")
	}
	now := s.now()
	c.ReportedAt, c.UpdatedAt, c.RecoveredOn = now, now, date.Date{}
	// The employee's row is locked first (lockEmployee). A first sick day
	// inside a closed absence (from its first sick day up to the day before
	// recovered_on) is refused; an absence reported afterwards that lies
	// wholly before a closed one is allowed: it is open until its recovery
	// is reported.
	var id string
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := s.lockEmployee(ctx, tx, c.EmployeeID); err != nil {
			return err
		}
		var within int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM absence_cases
			WHERE employee_id = $1 AND recovered_on <> '' AND first_sick_day <= $2 AND recovered_on > $2`,
			c.EmployeeID, dateText(c.FirstSickDay)).Scan(&within); err != nil {
			return err
		}
		if within > 0 {
			return ErrWithinEarlierAbsence
		}
		// ON CONFLICT keeps the transaction usable when a fresh id is taken.
		for range 3 {
			try := newID("VZ")
			notes, err := s.sealText(c.Notes, caseNotesAD(try))
			if err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO absence_cases (`+caseColumns+`)
				VALUES ($1, $2, $3, $4, $5, $6, '', $7, $8, $8) ON CONFLICT (id) DO NOTHING`,
				try, c.EmployeeID, c.Employer, dateText(c.FirstSickDay), c.ExpectedDays, notes, c.ReportedBy, storage.Micros(now))
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 1 {
				id = try
				return err
			}
		}
		return errors.New("store: no free absence id")
	})
	switch {
	case storage.IsUniqueViolation(err):
		return c, ErrConflict
	case err != nil:
		return c, err
	}
	c.ID = id
	return c, err
}

// GetCase returns the absence with id, its recovery reports and its
// correction history, or ErrNotFound.
func (s *Store) GetCase(ctx context.Context, id string) (Case, error) {
	c, err := s.scanCase(s.db.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM absence_cases WHERE id = $1`, id))
	if err != nil {
		return c, notFound(err)
	}
	if c.Recoveries, err = s.recoveries(ctx, s.db.DB, id); err != nil {
		return c, err
	}
	c.Corrections, err = s.Corrections(ctx, id)
	return c, err
}

// CasesOfEmployee returns the absences of an employee, newest first, with
// their recovery reports.
func (s *Store) CasesOfEmployee(ctx context.Context, employeeID string) ([]Case, error) {
	return s.cases(ctx, `WHERE employee_id = $1`, employeeID)
}

// CasesOfEmployer returns the absences of every employee of employer, newest
// first, with their recovery reports.
func (s *Store) CasesOfEmployer(ctx context.Context, employer string) ([]Case, error) {
	return s.cases(ctx, `WHERE employer_org = $1`, employer)
}

func (s *Store) cases(ctx context.Context, where string, arg string) ([]Case, error) {
	out, err := queryAll(ctx, s.db.DB, s.scanCase, `SELECT `+caseColumns+` FROM absence_cases `+where+` ORDER BY first_sick_day DESC, id`, arg)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Recoveries, err = s.recoveries(ctx, s.db.DB, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) scanCase(sc storage.Scanner) (Case, error) {
	var c Case
	var first, recovered string
	var reported, updated int64
	err := sc.Scan(&c.ID, &c.EmployeeID, &c.Employer, &first, &c.ExpectedDays, &c.Notes, &recovered,
		&c.ReportedBy, &reported, &updated)
	if err != nil {
		return Case{}, err
	}
	c.FirstSickDay, c.RecoveredOn = parseDate(first), parseDate(recovered)
	c.ReportedAt, c.UpdatedAt = storage.FromMicros(reported), storage.FromMicros(updated)
	if c.Notes, err = s.openText(c.Notes, caseNotesAD(c.ID)); err != nil {
		return Case{}, err
	}
	return c, nil
}

func (s *Store) recoveries(ctx context.Context, q storage.Querier, caseID string) ([]Recovery, error) {
	return queryAll(ctx, q, scanRecovery, `SELECT id, case_id, on_date, percentage, reported_by, reported_at
		FROM absence_recoveries WHERE case_id = $1 ORDER BY on_date, reported_at, id`, caseID)
}

func scanRecovery(sc storage.Scanner) (Recovery, error) {
	var r Recovery
	var on string
	var at int64
	err := sc.Scan(&r.ID, &r.CaseID, &on, &r.Percentage, &r.ReportedBy, &at)
	r.On, r.ReportedAt = parseDate(on), storage.FromMicros(at)
	return r, err
}

// AddRecovery stores a recovery report; at 100 percent the absence closes on
// r.On. The absence must be open, and r.On may not be before the first sick
// day or an earlier report (ErrConflict); a full recovery must come after the
// first sick day.
func (s *Store) AddRecovery(ctx context.Context, r Recovery) (Recovery, error) {
	if r.Percentage < 1 || r.Percentage > 100 || r.On.IsZero() {
		return r, fmt.Errorf("store: a recovery needs a date and a percentage from 1 to 100")
	}
	r.ID, r.ReportedAt = newID("HM"), s.now()
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		// The row lock orders concurrent reports.
		c, err := s.scanCase(tx.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM absence_cases WHERE id = $1`+s.forUpdate(), r.CaseID))
		if err != nil {
			return notFound(err)
		}
		if !c.Open() || r.On.Before(c.FirstSickDay) || (r.Percentage == 100 && !r.On.After(c.FirstSickDay)) {
			return ErrConflict
		}
		earlier, err := s.recoveries(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		if n := len(earlier); n > 0 && r.On.Before(earlier[n-1].On) {
			return ErrConflict
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO absence_recoveries (id, case_id, on_date, percentage, reported_by, reported_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, r.ID, r.CaseID, dateText(r.On), r.Percentage, r.ReportedBy, storage.Micros(r.ReportedAt)); err != nil {
			return err
		}
		recovered := ""
		if r.Percentage == 100 {
			recovered = dateText(r.On)
		}
		_, err = tx.ExecContext(ctx, `UPDATE absence_cases SET recovered_on = $2, updated_at = $3 WHERE id = $1`,
			c.ID, recovered, storage.Micros(r.ReportedAt))
		return err
	})
	return r, err
}

// MarkActivity records that a Poortwachter step was done. A step marked
// before is ErrConflict.
func (s *Store) MarkActivity(ctx context.Context, a Activity) (Activity, error) {
	if a.CaseID == "" || a.Step == "" || a.DoneOn.IsZero() {
		return a, fmt.Errorf("store: an activity needs an absence, a step and a date")
	}
	a.DoneAt = s.now()
	note, err := s.sealText(a.Note, activityNoteAD(a.CaseID, a.Step))
	if err != nil {
		return a, err
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO absence_activities (case_id, step, done_on, note, done_by, done_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, a.CaseID, a.Step, dateText(a.DoneOn), note, a.DoneBy, storage.Micros(a.DoneAt))
	if storage.IsUniqueViolation(err) {
		return a, ErrConflict
	}
	return a, err
}

// Activities returns the steps marked done for an absence, by step.
func (s *Store) Activities(ctx context.Context, caseID string) (map[string]Activity, error) {
	list, err := queryAll(ctx, s.db.DB, s.scanActivity, `SELECT `+activityColumns+`
		FROM absence_activities WHERE case_id = $1`, caseID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Activity, len(list))
	for _, a := range list {
		out[a.Step] = a
	}
	return out, nil
}

const activityColumns = `case_id, step, done_on, note, done_by, done_at`

func (s *Store) scanActivity(sc storage.Scanner) (Activity, error) {
	var a Activity
	var on string
	var at int64
	if err := sc.Scan(&a.CaseID, &a.Step, &on, &a.Note, &a.DoneBy, &at); err != nil {
		return Activity{}, err
	}
	a.DoneOn, a.DoneAt = parseDate(on), storage.FromMicros(at)
	var err error
	a.Note, err = s.openText(a.Note, activityNoteAD(a.CaseID, a.Step))
	return a, err
}

// MedicalNoteAssociatedData binds a sealed medical note to its absence, so
// a sealed text copied to another absence does not open.
func MedicalNoteAssociatedData(caseID string) []byte {
	return []byte("absence_medical_notes.body:" + caseID)
}

// AddMedicalNote stores a medical note on an absence.
func (s *Store) AddMedicalNote(ctx context.Context, n MedicalNote) (MedicalNote, error) {
	if n.CaseID == "" || n.BodySealed == "" {
		return n, fmt.Errorf("store: a medical note needs an absence and a text")
	}
	n.ID, n.CreatedAt = newID("MN"), s.now()
	_, err := s.db.ExecContext(ctx, `INSERT INTO absence_medical_notes (id, case_id, body, author, author_org, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, n.ID, n.CaseID, n.BodySealed, n.Author, n.AuthorOrg, storage.Micros(n.CreatedAt))
	return n, err
}

// MedicalNotes returns the medical notes of an absence, oldest first.
func (s *Store) MedicalNotes(ctx context.Context, caseID string) ([]MedicalNote, error) {
	return queryAll(ctx, s.db.DB, func(sc storage.Scanner) (MedicalNote, error) {
		var n MedicalNote
		var at int64
		err := sc.Scan(&n.ID, &n.CaseID, &n.BodySealed, &n.Author, &n.AuthorOrg, &at)
		n.CreatedAt = storage.FromMicros(at)
		return n, err
	}, `SELECT id, case_id, body, author, author_org, created_at
		FROM absence_medical_notes WHERE case_id = $1 ORDER BY created_at, id`, caseID)
}
