package account

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

const userColumns = `id, email, name, org_id, birth_date, status, password_hash, must_change_password, failed_logins,
	locked_until, permanently_locked, last_failed_at, last_login_at, password_changed_at, created_at, updated_at, lang,
	factor_failures, email_verified_at, email_verified_by`

func scanUser(row storage.Scanner) (User, error) {
	var (
		u                                                  User
		locked, failed, login, changed, created, updatedAt int64
		verified                                           int64
	)
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.OrgID, &u.BirthDate, &u.Status, &u.PasswordHash, &u.MustChangePassword,
		&u.FailedLogins, &locked, &u.PermanentlyLocked, &failed, &login, &changed, &created, &updatedAt, &u.Lang,
		&u.FactorFailures, &verified, &u.EmailVerifiedBy)
	if err != nil {
		return User{}, err
	}
	u.LockedUntil, u.LastFailedAt, u.LastLoginAt = storage.FromMicros(locked), storage.FromMicros(failed), storage.FromMicros(login)
	u.PasswordChangedAt, u.CreatedAt, u.UpdatedAt = storage.FromMicros(changed), storage.FromMicros(created), storage.FromMicros(updatedAt)
	u.EmailVerifiedAt = storage.FromMicros(verified)
	return u, nil
}

// userArgs are the values of userColumns in order, with email_lower last.
func userArgs(u User) []any {
	return []any{u.ID, u.Email, u.Name, u.OrgID, u.BirthDate, string(u.Status), u.PasswordHash, u.MustChangePassword,
		u.FailedLogins, storage.Micros(u.LockedUntil), u.PermanentlyLocked, storage.Micros(u.LastFailedAt),
		storage.Micros(u.LastLoginAt), storage.Micros(u.PasswordChangedAt), storage.Micros(u.CreatedAt),
		storage.Micros(u.UpdatedAt), u.Lang, u.FactorFailures, storage.Micros(u.EmailVerifiedAt), string(u.EmailVerifiedBy),
		NormalizeEmail(u.Email)}
}

// roundUser truncates times to the microseconds the database keeps.
func roundUser(u User) User {
	for _, t := range []*time.Time{&u.LockedUntil, &u.LastFailedAt, &u.LastLoginAt, &u.PasswordChangedAt, &u.CreatedAt, &u.UpdatedAt,
		&u.EmailVerifiedAt} {
		*t = roundTime(*t)
	}
	return u
}

func getUser(ctx context.Context, q storage.Querier, id, suffix string) (User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`+suffix, id))
	return u, notFound(err, "user", id)
}

// userOrg returns the organisation a user is (to be) in, as a validation
// problem when it does not exist.
func userOrg(ctx context.Context, q storage.Querier, orgID string) (Org, error) {
	o, err := getOrg(ctx, q, orgID, "")
	if err != nil && isNotFound(err) {
		return Org{}, invalid("org_id", fmt.Sprintf("organisation %q does not exist", orgID))
	}
	return o, err
}

// CreateUser implements Store.
func (s *SQLStore) CreateUser(ctx context.Context, u User, roleIDs []string) (User, error) {
	if u.ID == "" {
		u.ID = storage.NewID()
	}
	if u.Status == "" {
		u.Status = StatusInvited
	}
	if u.Lang == "" {
		u.Lang = Languages[0]
	}
	now := s.now()
	u.CreatedAt, u.UpdatedAt = now, now
	u = roundUser(u)
	if err := ValidateUser(u); err != nil {
		return User{}, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		org, err := userOrg(ctx, tx, u.OrgID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO users (`+userColumns+`, email_lower)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`, userArgs(u)...)
		if err != nil {
			return alreadyExists(err, fmt.Sprintf("user id %q or email address %q", u.ID, u.Email))
		}
		for _, id := range roleIDs {
			role, err := getRole(ctx, tx, id, "")
			if isNotFound(err) {
				return invalid("roles", fmt.Sprintf("role %q does not exist", id))
			}
			if err != nil {
				return err
			}
			if err := grant(ctx, tx, u.ID, role, org, time.Time{}, time.Time{}, "", now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// GetUser implements Store.
func (s *SQLStore) GetUser(ctx context.Context, id string) (User, error) {
	return getUser(ctx, s.db, id, "")
}

// GetUserByEmail implements Store.
func (s *SQLStore) GetUserByEmail(ctx context.Context, email string) (User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email_lower = $1`, NormalizeEmail(email)))
	return u, notFound(err, "user with email", email)
}

// ListUsers implements Store.
func (s *SQLStore) ListUsers(ctx context.Context, orgID string) ([]User, error) {
	if _, err := s.GetOrg(ctx, orgID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE org_id = $1 ORDER BY email_lower, id`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UpdateUser implements Store.
func (s *SQLStore) UpdateUser(ctx context.Context, id string, fn func(User) (User, error)) (User, error) {
	var updated User
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := getUser(ctx, tx, id, s.forUpdate())
		if err != nil {
			return err
		}
		u, err := fn(old)
		if err != nil {
			return err
		}
		u.ID, u.CreatedAt, u.UpdatedAt = old.ID, old.CreatedAt, s.now()
		if NormalizeEmail(u.Email) != NormalizeEmail(old.Email) && u.EmailVerifiedAt.Equal(old.EmailVerifiedAt) {
			// A new address is unproven until its own link is followed.
			u.EmailVerifiedAt, u.EmailVerifiedBy = time.Time{}, ""
		}
		u = roundUser(u)
		if err := ValidateUser(u); err != nil {
			return err
		}
		if u.OrgID != old.OrgID {
			if err := checkMove(ctx, tx, old, u.OrgID); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE users SET email = $2, name = $3, org_id = $4, birth_date = $5, status = $6,
			password_hash = $7, must_change_password = $8, failed_logins = $9, locked_until = $10, permanently_locked = $11,
			last_failed_at = $12, last_login_at = $13, password_changed_at = $14, created_at = $15, updated_at = $16,
			lang = $17, factor_failures = $18, email_verified_at = $19, email_verified_by = $20, email_lower = $21 WHERE id = $1`, userArgs(u)...)
		if err != nil {
			return alreadyExists(err, fmt.Sprintf("email address %q", u.Email))
		}
		updated = u
		return nil
	})
	if err != nil {
		return User{}, err
	}
	return updated, nil
}

// checkMove refuses moving a user to a missing organisation, or to one of
// another domain while the user holds roles of the old domain.
func checkMove(ctx context.Context, q storage.Querier, u User, newOrgID string) error {
	from, err := getOrg(ctx, q, u.OrgID, "")
	if err != nil {
		return err
	}
	to, err := userOrg(ctx, q, newOrgID)
	if err != nil || to.Domain == from.Domain {
		return err
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM user_roles ur JOIN roles r ON r.id = ur.role_id
		WHERE ur.user_id = $1 AND r.domain = $2`, u.ID, string(from.Domain)).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &ValidationError{Field: "org_id", Err: ErrCrossDomain, Problem: fmt.Sprintf(
			"user %s holds %d roles of domain %s; revoke them before moving the user to organisation %q of domain %s",
			u.ID, n, from.Domain, to.ID, to.Domain)}
	}
	return nil
}
