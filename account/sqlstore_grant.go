package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// grant stores that user holds role from starts until ends, after checking
// that the role may be given in org's domain.
func grant(ctx context.Context, q storage.Querier, userID string, role Role, org Org, starts, ends time.Time, grantedBy string, now time.Time) error {
	if err := CanAssign(role, org.Domain); err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			ve.Problem += fmt.Sprintf(" (organisation %q is %s)", org.Name, org.ID)
		}
		return err
	}
	if !ends.IsZero() && !ends.After(starts) {
		return invalid("ends", fmt.Sprintf("the end %s of role %s is not after its start %s",
			ends.Format(time.RFC3339), role.ID, starts.Format(time.RFC3339)))
	}
	_, err := q.ExecContext(ctx, `INSERT INTO user_roles (user_id, role_id, starts_at, ends_at, granted_by, granted_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, userID, role.ID, storage.Micros(starts), storage.Micros(ends), grantedBy, storage.Micros(now))
	return alreadyExists(err, fmt.Sprintf("role %s for user %s from the same start", role.ID, userID))
}

// AssignRole implements Store.
func (s *SQLStore) AssignRole(ctx context.Context, userID, roleID string, starts, ends time.Time, grantedBy string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		u, err := getUser(ctx, tx, userID, "")
		if err != nil {
			return err
		}
		role, err := getRole(ctx, tx, roleID, "")
		if err != nil {
			return err
		}
		org, err := getOrg(ctx, tx, u.OrgID, "")
		if err != nil {
			return err
		}
		return grant(ctx, tx, u.ID, role, org, roundTime(starts), roundTime(ends), grantedBy, s.now())
	})
}

// RevokeRole implements Store.
func (s *SQLStore) RevokeRole(ctx context.Context, userID, roleID string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = $1 AND role_id = $2`, userID, roleID)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("role %q of user %q: %w", roleID, userID, ErrNotFound)
	}
	return nil
}

// UserRoles implements Store.
func (s *SQLStore) UserRoles(ctx context.Context, userID string, at time.Time) ([]Role, error) {
	if _, err := s.GetUser(ctx, userID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.name, r.domain, r.rights, r.builtin FROM roles r
		WHERE r.id IN (SELECT ur.role_id FROM user_roles ur
			WHERE ur.user_id = $1 AND ur.starts_at <= $2 AND (ur.ends_at = 0 OR ur.ends_at > $2))
		ORDER BY r.id`, userID, storage.Micros(at))
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
