package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/retention"
	"github.com/mijnaccount/mijnaccount/storage"
)

// RetentionPolicy returns an employer's retention setting. An organisation
// the application has not seen has the default.
func (s *Store) RetentionPolicy(ctx context.Context, employer string) (retention.Policy, error) {
	return retentionPolicyIn(ctx, s.db, employer)
}

func retentionPolicyIn(ctx context.Context, q storage.Querier, employer string) (retention.Policy, error) {
	var p string
	err := q.QueryRowContext(ctx, `SELECT retention_policy FROM absence_orgs WHERE id = $1`, employer).Scan(&p)
	if errors.Is(err, sql.ErrNoRows) {
		return retention.Standard, nil
	}
	if err != nil {
		return "", err
	}
	return retention.ParsePolicy(p)
}

// SetRetentionPolicy stores an employer's retention setting; an unknown
// organisation is ErrNotFound.
func (s *Store) SetRetentionPolicy(ctx context.Context, employer string, p retention.Policy) error {
	if !p.Valid() {
		return fmt.Errorf("store: unknown retention setting %q", p)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE absence_orgs SET retention_policy = $2 WHERE id = $1`, employer, string(p))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// DueCase is an absence whose retention term has expired.
type DueCase struct {
	ID           string
	EmployeeID   string
	EmployeeName string
	FirstSickDay date.Date
	LastSickDay  date.Date // the day before full recovery
	Expires      date.Date // the first day it was due
}

// DueEmployee is an employee record whose retention term has expired; it
// goes with all the employee's absence cases.
type DueEmployee struct {
	ID              string
	Name            string
	PersonnelNumber string
	EmploymentEnd   date.Date
	Expires         date.Date
	Cases           int // absence cases deleted with the record
}

// Due is what an employer may delete on a day.
type Due struct {
	Policy    retention.Policy
	Cases     []DueCase     // by expiry date, then id
	Employees []DueEmployee // by expiry date, then id
}

// DueRecords returns the absence cases and employee records of employer
// whose retention term had expired on today.
func (s *Store) DueRecords(ctx context.Context, employer string, today date.Date) (Due, error) {
	var due Due
	var err error
	if due.Policy, err = s.RetentionPolicy(ctx, employer); err != nil {
		return due, err
	}
	type emp struct {
		id, name, number string
		end              date.Date
		cases            []retention.Case
	}
	list, err := queryAll(ctx, s.db.DB, func(sc storage.Scanner) (*emp, error) {
		var end string
		e := &emp{}
		err := sc.Scan(&e.id, &e.name, &e.number, &end)
		e.end = parseDate(end)
		return e, err
	}, `SELECT id, name, personnel_number, employment_end FROM absence_employees WHERE employer_org = $1`, employer)
	if err != nil {
		return due, err
	}
	emps := make(map[string]*emp, len(list))
	for _, e := range list {
		emps[e.id] = e
	}
	all, err := queryAll(ctx, s.db.DB, scanDueFact, `SELECT `+dueFactColumns+` FROM absence_cases
		WHERE employer_org = $1`, employer)
	if err != nil {
		return due, err
	}
	byEmployee := map[string][]retention.Case{}
	for _, c := range all {
		byEmployee[c.employee] = append(byEmployee[c.employee], c.Case)
	}
	for employee, cases := range byEmployee {
		cases = retention.AddedUp(cases)
		e := emps[employee]
		if e != nil {
			e.cases = cases
		}
		for _, rc := range cases {
			if v := retention.CaseVerdict(due.Policy, rc, today); v.Due {
				c := DueCase{ID: rc.ID, EmployeeID: employee, FirstSickDay: rc.FirstSickDay,
					LastSickDay: rc.RecoveredOn.AddDays(-1), Expires: v.Expires}
				if e != nil {
					c.EmployeeName = e.name
				}
				due.Cases = append(due.Cases, c)
			}
		}
	}
	for id, e := range emps {
		v := retention.EmployeeVerdict(due.Policy, retention.Employee{EmploymentEnd: e.end, Cases: e.cases}, today)
		if v.Due {
			due.Employees = append(due.Employees, DueEmployee{ID: id, Name: e.name, PersonnelNumber: e.number,
				EmploymentEnd: e.end, Expires: v.Expires, Cases: len(e.cases)})
		}
	}
	sort.Slice(due.Cases, func(i, j int) bool {
		a, b := due.Cases[i], due.Cases[j]
		return a.Expires.Before(b.Expires) || a.Expires.Equal(b.Expires) && a.ID < b.ID
	})
	sort.Slice(due.Employees, func(i, j int) bool {
		a, b := due.Employees[i], due.Employees[j]
		return a.Expires.Before(b.Expires) || a.Expires.Equal(b.Expires) && a.ID < b.ID
	})
	return due, nil
}

// endRows closes rows and returns the error of the iteration, if any.
// dueFact is what the retention rules need of an absence, with its employee.
type dueFact struct {
	employee string
	retention.Case
}

const dueFactColumns = `id, employee_id, first_sick_day, recovered_on`

func scanDueFact(sc storage.Scanner) (dueFact, error) {
	var c dueFact
	var first, recovered string
	err := sc.Scan(&c.ID, &c.employee, &first, &recovered)
	c.FirstSickDay, c.RecoveredOn = parseDate(first), parseDate(recovered)
	return c, err
}

// Selection names the records an employer asks to delete.
type Selection struct {
	Cases     []string // absence case ids
	Employees []string // employee ids; their cases go with them
}

// Deleted is one record removed.
type Deleted struct {
	Kind       retention.Kind
	ID         string
	EmployeeID string // of a case: its employee
}

// Skipped is a selected record that was not deleted.
type Skipped struct {
	Kind    retention.Kind
	ID      string
	Reason  retention.Reason
	Expires date.Date // when the term runs (reason in_term or case_kept)
}

// DeleteResult is what DeleteExpired did.
type DeleteResult struct {
	Deleted []Deleted // cases deleted with their employee included
	Skipped []Skipped
}

// Count returns how many records of kind k were deleted.
func (r DeleteResult) Count(k retention.Kind) int {
	n := 0
	for _, d := range r.Deleted {
		if d.Kind == k {
			n++
		}
	}
	return n
}

// DeleteExpired deletes the selected records of employer whose retention
// term had expired on today, in one transaction: an absence case with its
// recovery reports, Poortwachter steps and medical notes; an employee record
// with all its cases. Inside the transaction every record is read again and
// the rules applied again: a record that is not the employer's, no longer
// exists or is no longer due (a new absence was reported, the setting
// changed) is skipped and reported, not deleted.
//
// onDelete, when not nil, is called inside the transaction after each record
// is removed; when it fails, or anything else does, nothing is deleted.
func (s *Store) DeleteExpired(ctx context.Context, employer string, sel Selection, today date.Date, onDelete func(Deleted) error) (DeleteResult, error) {
	var res DeleteResult
	if onDelete == nil {
		onDelete = func(Deleted) error { return nil }
	}
	// Every record is read with its employee's row locked (lockEmployee),
	// which also holds back a new absence of the employee until the commit.
	lock := s.forUpdate()
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		res = DeleteResult{}
		policy, err := retentionPolicyIn(ctx, tx, employer)
		if err != nil {
			return err
		}
		gone := map[string]bool{} // cases deleted with their employee
		for _, id := range distinctIDs(sel.Employees) {
			var end string
			err := tx.QueryRowContext(ctx, `SELECT employment_end FROM absence_employees WHERE id = $1 AND employer_org = $2`+lock,
				id, employer).Scan(&end)
			if errors.Is(err, sql.ErrNoRows) {
				res.Skipped = append(res.Skipped, Skipped{Kind: retention.EmployeeRecord, ID: id, Reason: retention.NotFound})
				continue
			} else if err != nil {
				return err
			}
			cases, err := retentionCasesOf(ctx, tx, id, lock)
			if err != nil {
				return err
			}
			v := retention.EmployeeVerdict(policy, retention.Employee{EmploymentEnd: parseDate(end), Cases: cases}, today)
			if !v.Due {
				res.Skipped = append(res.Skipped, Skipped{Kind: retention.EmployeeRecord, ID: id, Reason: v.Reason, Expires: v.Expires})
				continue
			}
			for _, c := range cases {
				if err := deleteCaseWithChildren(ctx, tx, c.ID); err != nil {
					return err
				}
				gone[c.ID] = true
				if err := res.add(onDelete, Deleted{Kind: retention.AbsenceCase, ID: c.ID, EmployeeID: id}); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM absence_employees WHERE id = $1 AND employer_org = $2`, id, employer); err != nil {
				return err
			}
			if err := res.add(onDelete, Deleted{Kind: retention.EmployeeRecord, ID: id}); err != nil {
				return err
			}
		}
		for _, id := range distinctIDs(sel.Cases) {
			if gone[id] {
				continue
			}
			var employee string
			err := tx.QueryRowContext(ctx, `SELECT employee_id FROM absence_cases WHERE id = $1 AND employer_org = $2`,
				id, employer).Scan(&employee)
			if errors.Is(err, sql.ErrNoRows) {
				res.Skipped = append(res.Skipped, Skipped{Kind: retention.AbsenceCase, ID: id, Reason: retention.NotFound})
				continue
			} else if err != nil {
				return err
			}
			if err := s.lockEmployee(ctx, tx, employee); err != nil {
				return err
			}
			// The absences added up with this one decide its term too.
			cases, err := retentionCasesOf(ctx, tx, employee, lock)
			if err != nil {
				return err
			}
			i := slices.IndexFunc(cases, func(c retention.Case) bool { return c.ID == id })
			if i < 0 { // deleted before the lock was ours
				res.Skipped = append(res.Skipped, Skipped{Kind: retention.AbsenceCase, ID: id, Reason: retention.NotFound})
				continue
			}
			v := retention.CaseVerdict(policy, cases[i], today)
			if !v.Due {
				res.Skipped = append(res.Skipped, Skipped{Kind: retention.AbsenceCase, ID: id, Reason: v.Reason, Expires: v.Expires})
				continue
			}
			if err := deleteCaseWithChildren(ctx, tx, id); err != nil {
				return err
			}
			if err := res.add(onDelete, Deleted{Kind: retention.AbsenceCase, ID: id, EmployeeID: employee}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return DeleteResult{}, err
	}
	return res, nil
}

func (r *DeleteResult) add(onDelete func(Deleted) error, d Deleted) error {
	if err := onDelete(d); err != nil {
		return err
	}
	r.Deleted = append(r.Deleted, d)
	return nil
}

// retentionCasesOf returns the retention facts of an employee's cases, with
// their samentelling chains marked (retention.AddedUp).
func retentionCasesOf(ctx context.Context, tx *sql.Tx, employee, lock string) ([]retention.Case, error) {
	list, err := queryAll(ctx, tx, scanDueFact, `SELECT `+dueFactColumns+` FROM absence_cases
		WHERE employee_id = $1 ORDER BY id`+lock, employee)
	if err != nil {
		return nil, err
	}
	cases := make([]retention.Case, len(list))
	for i, c := range list {
		cases[i] = c.Case
	}
	return retention.AddedUp(cases), nil
}

// deleteCaseWithChildren removes an absence case and everything that hangs off it.
func deleteCaseWithChildren(ctx context.Context, tx *sql.Tx, id string) error {
	for _, q := range []string{
		`DELETE FROM absence_recoveries WHERE case_id = $1`,
		`DELETE FROM absence_activities WHERE case_id = $1`,
		`DELETE FROM absence_medical_notes WHERE case_id = $1`,
		`DELETE FROM absence_cases WHERE id = $1`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	return nil
}

// distinctIDs returns ids without repeats and empty values, in their order.
func distinctIDs(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
