package account

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/mijnaccount/mijnaccount/storage"
)

const roleColumns = `id, name, domain, rights, builtin`

func scanRole(row storage.Scanner) (Role, error) {
	var (
		r      Role
		rights string
	)
	if err := row.Scan(&r.ID, &r.Name, &r.Domain, &rights, &r.Builtin); err != nil {
		return Role{}, err
	}
	r.Rights = splitList(rights)
	return r, nil
}

func getRole(ctx context.Context, q storage.Querier, id, suffix string) (Role, error) {
	r, err := scanRole(q.QueryRowContext(ctx, `SELECT `+roleColumns+` FROM roles WHERE id = $1`+suffix, id))
	return r, notFound(err, "role", id)
}

// CreateRole implements Store. An empty ID becomes Domain/Name.
func (s *SQLStore) CreateRole(ctx context.Context, r Role) error {
	if r.ID == "" {
		r.ID = RoleID(r.Domain, r.Name)
	}
	r.Rights = cloneList(r.Rights)
	if err := ValidateRole(r); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO roles (`+roleColumns+`, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		r.ID, r.Name, r.Domain, joinList(r.Rights), r.Builtin, storage.Micros(s.now()))
	return alreadyExists(err, fmt.Sprintf("role %q", r.ID))
}

// GetRole implements Store.
func (s *SQLStore) GetRole(ctx context.Context, id string) (Role, error) {
	return getRole(ctx, s.db, id, "")
}

// ListRoles implements Store: every role, ordered by id.
func (s *SQLStore) ListRoles(ctx context.Context) ([]Role, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+roleColumns+` FROM roles ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Role
	for rows.Next() {
		r, err := scanRole(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// UpdateRole implements Store. ID, Name and Domain cannot change (users
// hold the role by id, and only within its domain).
func (s *SQLStore) UpdateRole(ctx context.Context, id string, fn func(Role) (Role, error)) (Role, error) {
	var updated Role
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := getRole(ctx, tx, id, s.forUpdate())
		if err != nil {
			return err
		}
		r, err := fn(old)
		if err != nil {
			return err
		}
		if r.ID != old.ID || r.Name != old.Name || r.Domain != old.Domain {
			return invalid("role", fmt.Sprintf("the id, name and domain of role %s cannot change", old.ID))
		}
		r.Rights = cloneList(r.Rights)
		if err := ValidateRole(r); err != nil {
			return err
		}
		updated = r
		if sameRole(old, r) {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE roles SET rights = $2, builtin = $3 WHERE id = $1`,
			r.ID, joinList(r.Rights), r.Builtin)
		return err
	})
	if err != nil {
		return Role{}, err
	}
	return updated, nil
}
