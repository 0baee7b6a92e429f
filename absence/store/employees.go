package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/mijnaccount/mijnaccount/storage"
)

const employeeColumns = `id, employer_org, personnel_number, name, birth_date, email, contract_minutes,
	employment_start, employment_end, created_at, updated_at, bsn_sealed, bsn_index, manager_sub`

// NewEmployeeID returns a fresh employee id, for callers that need the id
// before the employee is stored (to seal the BSN under it).
func NewEmployeeID() string { return newID("MW") }

// BSNAssociatedData is the associated data under which an employee's BSN
// is sealed: a sealed value copied to another row does not open.
func BSNAssociatedData(employeeID string) []byte {
	return []byte("absence_employees.bsn:" + employeeID)
}

// CreateEmployee stores a new employee and returns it with its UI-id (the
// one in e.ID when set, from NewEmployeeID). A personnel number already used
// by the employer is ErrConflict.
func (s *Store) CreateEmployee(ctx context.Context, e Employee) (Employee, error) {
	if e.Employer == "" || e.PersonnelNumber == "" || e.Name == "" {
		return e, fmt.Errorf("store: an employee needs an employer, a personnel number and a name")
	}
	now := s.now()
	e.CreatedAt, e.UpdatedAt = now, now
	insert := func(id string) error {
		e.ID = id
		return insertEmployee(ctx, s.db, e)
	}
	var id string
	var err error
	if e.ID != "" {
		id, err = e.ID, insert(e.ID)
	} else {
		id, err = withNewID("MW", insert)
	}
	if storage.IsUniqueViolation(err) {
		return e, ErrConflict
	}
	e.ID = id
	return e, err
}

// UpdateEmployee stores the changed fields of e (not its employer or id).
func (s *Store) UpdateEmployee(ctx context.Context, e Employee) (Employee, error) {
	e.UpdatedAt = s.now()
	res, err := updateEmployee(ctx, s.db, e)
	if storage.IsUniqueViolation(err) {
		return e, ErrConflict
	}
	if err != nil {
		return e, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return e, ErrNotFound
	}
	return s.GetEmployee(ctx, e.ID)
}

// insertEmployee is the one INSERT of an employee, with e.ID, e.CreatedAt
// and e.UpdatedAt set by the caller.
func insertEmployee(ctx context.Context, ex storage.Querier, e Employee) error {
	_, err := ex.ExecContext(ctx, `INSERT INTO absence_employees (`+employeeColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		e.ID, e.Employer, e.PersonnelNumber, e.Name, dateText(e.BirthDate), e.Email, e.ContractMinutes,
		dateText(e.EmploymentStart), dateText(e.EmploymentEnd), storage.Micros(e.CreatedAt), storage.Micros(e.UpdatedAt),
		e.BSNSealed, e.BSNIndex, e.ManagerSub)
	return err
}

// updateEmployee is the one UPDATE of an employee's fields (not its id,
// employer or creation time), with e.UpdatedAt set by the caller.
func updateEmployee(ctx context.Context, ex storage.Querier, e Employee) (sql.Result, error) {
	return ex.ExecContext(ctx, `UPDATE absence_employees SET personnel_number = $2, name = $3, birth_date = $4,
		email = $5, contract_minutes = $6, employment_start = $7, employment_end = $8, updated_at = $9, bsn_sealed = $10,
		bsn_index = $11, manager_sub = $12
		WHERE id = $1`,
		e.ID, e.PersonnelNumber, e.Name, dateText(e.BirthDate), e.Email, e.ContractMinutes,
		dateText(e.EmploymentStart), dateText(e.EmploymentEnd), storage.Micros(e.UpdatedAt), e.BSNSealed, e.BSNIndex, e.ManagerSub)
}

// GetEmployee returns the employee with id, or ErrNotFound.
func (s *Store) GetEmployee(ctx context.Context, id string) (Employee, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+employeeColumns+` FROM absence_employees WHERE id = $1`, id)
	e, err := scanEmployee(row)
	return e, notFound(err)
}

// Employees returns the employees of employer by name.
func (s *Store) Employees(ctx context.Context, employer string) ([]Employee, error) {
	return queryAll(ctx, s.db, scanEmployee, `SELECT `+employeeColumns+` FROM absence_employees WHERE employer_org = $1
		ORDER BY name, personnel_number`, employer)
}

func scanEmployee(sc storage.Scanner) (Employee, error) {
	var e Employee
	var birth, start, end string
	var created, updated int64
	err := sc.Scan(&e.ID, &e.Employer, &e.PersonnelNumber, &e.Name, &birth, &e.Email, &e.ContractMinutes,
		&start, &end, &created, &updated, &e.BSNSealed, &e.BSNIndex, &e.ManagerSub)
	if err != nil {
		return Employee{}, err
	}
	e.BirthDate, e.EmploymentStart, e.EmploymentEnd = parseDate(birth), parseDate(start), parseDate(end)
	e.CreatedAt, e.UpdatedAt = storage.FromMicros(created), storage.FromMicros(updated)
	return e, nil
}
