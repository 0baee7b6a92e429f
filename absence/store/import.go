package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// EmployeeChange is one accepted line of an import: a new employee or new
// values for an existing one.
type EmployeeChange struct {
	Line   int  // the line of the file, for the caller's report
	Create bool // a new employee; else an update of Employee.ID
	// Employee holds the values. For a new employee ID is set by the
	// caller (NewEmployeeID, the BSN being sealed under it); Employer and
	// the times are set by ApplyEmployeeChanges.
	Employee Employee
	// KeepBSN leaves the stored BSN of an updated employee as it is (the
	// sheet had no bsn column, or the employer may not record BSNs).
	KeepBSN bool
	// KeepManager leaves the stored leidinggevende of an updated employee
	// as it is (the sheet had no leidinggevende column).
	KeepManager bool
}

// ChangeResult is what became of one change.
type ChangeResult struct {
	Line     int
	Create   bool
	Employee Employee // as written
	// Err is nil when the change was written; ErrNotFound when the employee
	// to update is not (or no longer) the employer's; ErrConflict when
	// another employee holds the personnel number, or the new id is taken.
	Err error
}

// ApplyEmployeeChanges writes changes for employer in one transaction. Each
// change is checked against the data as it is in that transaction, after
// the changes before it: an update of an employee that is gone or belongs to
// another employer, or a personnel number another employee holds, leaves
// that change out (its result says why) and the others are written.
//
// beforeCommit, when not nil, is called with the results just before the
// commit; when it returns an error (an audit event that could not be
// written) nothing is written. Any other error also writes nothing.
func (s *Store) ApplyEmployeeChanges(ctx context.Context, employer string, changes []EmployeeChange,
	beforeCommit func([]ChangeResult) error) ([]ChangeResult, error) {
	if employer == "" {
		return nil, fmt.Errorf("store: an import needs an employer")
	}
	var results []ChangeResult
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		results = results[:0]
		// The row locks keep concurrent writers of these employees out.
		current, err := employeesWhere(ctx, tx, `employer_org = $1`, s.forUpdate(), employer)
		if err != nil {
			return err
		}
		byID := make(map[string]Employee, len(current))
		byNumber := make(map[string]string, len(current))
		for _, e := range current {
			byID[e.ID] = e
			byNumber[e.PersonnelNumber] = e.ID
		}
		now := s.now()
		for _, c := range changes {
			r, err := applyChange(ctx, tx, employer, c, now, byID, byNumber)
			if err != nil {
				return err
			}
			results = append(results, r)
		}
		if beforeCommit != nil {
			return beforeCommit(results)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// applyChange checks and writes one change, keeping byID and byNumber up to
// date. A change that cannot be written is reported in the result; the error
// is for a failing database.
func applyChange(ctx context.Context, tx *sql.Tx, employer string, c EmployeeChange, now time.Time,
	byID map[string]Employee, byNumber map[string]string) (ChangeResult, error) {
	e := c.Employee
	e.Employer, e.UpdatedAt = employer, now
	r := ChangeResult{Line: c.Line, Create: c.Create, Employee: e}
	if e.ID == "" || e.PersonnelNumber == "" || e.Name == "" {
		return r, fmt.Errorf("store: line %d: an employee needs an id, a personnel number and a name", c.Line)
	}
	cur, exists := byID[e.ID]
	if holder, taken := byNumber[e.PersonnelNumber]; taken && holder != e.ID {
		r.Err = ErrConflict
		return r, nil
	}
	if c.Create {
		if exists {
			r.Err = ErrConflict
			return r, nil
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM absence_employees WHERE id = $1`, e.ID).Scan(&n); err != nil {
			return r, err
		}
		if n > 0 {
			r.Err = ErrConflict
			return r, nil
		}
		e.CreatedAt = now
		if err := insertEmployee(ctx, tx, e); err != nil {
			return r, err
		}
	} else {
		if !exists {
			r.Err = ErrNotFound
			return r, nil
		}
		if c.KeepBSN {
			e.BSNSealed, e.BSNIndex = cur.BSNSealed, cur.BSNIndex
		}
		if c.KeepManager {
			e.ManagerSub = cur.ManagerSub
		}
		e.CreatedAt = cur.CreatedAt
		if _, err := updateEmployee(ctx, tx, e); err != nil {
			return r, err
		}
		if byNumber[cur.PersonnelNumber] == e.ID {
			delete(byNumber, cur.PersonnelNumber)
		}
	}
	byID[e.ID] = e
	byNumber[e.PersonnelNumber] = e.ID
	r.Employee = e
	return r, nil
}
