package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/mijnaccount/mijnaccount/storage"
)

// BSNAllowed reports whether the organisation is marked as legally allowed
// to record BSNs. An organisation the application has not seen is not.
func (s *Store) BSNAllowed(ctx context.Context, org string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT bsn_allowed FROM absence_orgs WHERE id = $1`, org).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return n == 1, err
}

// SetBSNAllowed sets or clears the organisation's BSN permission (an
// administrator's decision); an unknown organisation is ErrNotFound.
func (s *Store) SetBSNAllowed(ctx context.Context, org string, allowed bool) error {
	n := 0
	if allowed {
		n = 1
	}
	res, err := s.db.ExecContext(ctx, `UPDATE absence_orgs SET bsn_allowed = $2 WHERE id = $1`, org, n)
	if err != nil {
		return err
	}
	if rows, _ := res.RowsAffected(); rows == 0 {
		return ErrNotFound
	}
	return nil
}

// BSNAllowedOrgs returns the ids of the organisations allowed to record BSNs.
func (s *Store) BSNAllowedOrgs(ctx context.Context) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM absence_orgs WHERE bsn_allowed = 1`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// EmployeesByBSNIndex returns the employees of employer whose BSN has the
// given keyed index; none for an empty index.
func (s *Store) EmployeesByBSNIndex(ctx context.Context, employer, index string) ([]Employee, error) {
	if index == "" {
		return nil, nil
	}
	return employeesWhere(ctx, s.db, `employer_org = $1 AND bsn_index = $2`, "", employer, index)
}

// SetBSNIndexes stores the keyed index of several employees of employer
// (employee id → index) in one transaction; an id of another employer is
// ErrNotFound and nothing is written.
func (s *Store) SetBSNIndexes(ctx context.Context, employer string, indexes map[string]string) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		for id, index := range indexes {
			res, err := tx.ExecContext(ctx, `UPDATE absence_employees SET bsn_index = $3 WHERE id = $1 AND employer_org = $2`, id, employer, index)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return ErrNotFound
			}
		}
		return nil
	})
}

// employeesWhere returns the employees matching where (a condition on
// absence_employees with $n placeholders), by name; lock is "" or a
// locking clause such as " FOR UPDATE".
func employeesWhere(ctx context.Context, q storage.Querier, where, lock string, args ...any) ([]Employee, error) {
	return queryAll(ctx, q, scanEmployee, `SELECT `+employeeColumns+` FROM absence_employees WHERE `+where+`
		ORDER BY name, personnel_number, id`+lock, args...)
}
