package account

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

const orgColumns = `id, name, domain, parent_id, billing_customer, allowed_factors, password_min_length,
	password_require_classes, session_idle_us, session_absolute_us, stay_logged_in_us, ip_allow_list, created_at,
	four_eyes_factor_reset`

// maxOrgDepth bounds walks up the tree, a guard should a cycle ever be stored.
const maxOrgDepth = 64

func scanOrg(row storage.Scanner) (Org, error) {
	var (
		o                               Org
		parent                          sql.NullString
		factors, cidrs                  string
		idle, absolute, stay, createdAt int64
	)
	err := row.Scan(&o.ID, &o.Name, &o.Domain, &parent, &o.BillingCustomer, &factors, &o.PasswordMinLength,
		&o.PasswordRequireClasses, &idle, &absolute, &stay, &cidrs, &createdAt, &o.FourEyesFactorReset)
	if err != nil {
		return Org{}, err
	}
	o.ParentID = parent.String
	o.AllowedFactors, o.IPAllowList = splitList(factors), splitList(cidrs)
	o.SessionIdle, o.SessionAbsolute, o.StayLoggedIn = time.Duration(idle)*time.Microsecond,
		time.Duration(absolute)*time.Microsecond, time.Duration(stay)*time.Microsecond
	o.CreatedAt = storage.FromMicros(createdAt)
	return o, nil
}

// roundOrg truncates durations to the microseconds the database keeps.
func roundOrg(o Org) Org {
	o.SessionIdle = o.SessionIdle.Truncate(time.Microsecond)
	o.SessionAbsolute = o.SessionAbsolute.Truncate(time.Microsecond)
	o.StayLoggedIn = o.StayLoggedIn.Truncate(time.Microsecond)
	o.CreatedAt = roundTime(o.CreatedAt)
	o.AllowedFactors = cloneList(o.AllowedFactors)
	o.IPAllowList = cloneList(o.IPAllowList)
	return o
}

func getOrg(ctx context.Context, q storage.Querier, id, suffix string) (Org, error) {
	o, err := scanOrg(q.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM orgs WHERE id = $1`+suffix, id))
	return o, notFound(err, "organisation", id)
}

// CreateOrg implements Store.
func (s *SQLStore) CreateOrg(ctx context.Context, o Org) (Org, error) {
	o = o.WithDefaults()
	if o.ID == "" {
		o.ID = storage.NewID()
	}
	o.CreatedAt = s.now()
	o = roundOrg(o)
	if err := ValidateOrg(o); err != nil {
		return Org{}, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkParent(ctx, tx, o); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO orgs (`+orgColumns+`, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $13)`, orgArgs(o)...)
		return alreadyExists(err, fmt.Sprintf("organisation id %q", o.ID))
	})
	if err != nil {
		return Org{}, err
	}
	return o, nil
}

func orgArgs(o Org) []any {
	return []any{o.ID, o.Name, string(o.Domain), nullable(o.ParentID), o.BillingCustomer, joinList(o.AllowedFactors),
		o.PasswordMinLength, o.PasswordRequireClasses, o.SessionIdle.Microseconds(), o.SessionAbsolute.Microseconds(),
		o.StayLoggedIn.Microseconds(), joinList(o.IPAllowList), storage.Micros(o.CreatedAt), o.FourEyesFactorReset}
}

// checkParent refuses a parent that does not exist or that lies at or below o.
func checkParent(ctx context.Context, q storage.Querier, o Org) error {
	if o.ParentID == "" {
		return nil
	}
	chain, err := ancestors(ctx, q, o.ParentID)
	if err != nil {
		return err
	}
	if len(chain) == 0 {
		return invalid("parent_id", fmt.Sprintf("parent organisation %q does not exist", o.ParentID))
	}
	for _, a := range chain {
		if a.id == o.ID {
			return invalid("parent_id", fmt.Sprintf("organisation %q lies below %q: making it the parent would make a cycle", o.ParentID, o.ID))
		}
	}
	return nil
}

type ancestor struct {
	id      string
	billing bool
}

// ancestors returns id itself and every organisation above it, nearest
// first; empty when id does not exist.
func ancestors(ctx context.Context, q storage.Querier, id string) ([]ancestor, error) {
	rows, err := q.QueryContext(ctx, `WITH RECURSIVE up (id, parent_id, billing_customer, depth) AS (
			SELECT id, parent_id, billing_customer, 0 FROM orgs WHERE id = $1
			UNION ALL
			SELECT o.id, o.parent_id, o.billing_customer, up.depth + 1
			FROM orgs o JOIN up ON o.id = up.parent_id
			WHERE up.depth < $2
		)
		SELECT id, billing_customer FROM up ORDER BY depth`, id, maxOrgDepth)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ancestor
	for rows.Next() {
		var a ancestor
		if err := rows.Scan(&a.id, &a.billing); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// GetOrg implements Store.
func (s *SQLStore) GetOrg(ctx context.Context, id string) (Org, error) {
	return getOrg(ctx, s.db, id, "")
}

// ListOrgs implements Store.
func (s *SQLStore) ListOrgs(ctx context.Context) ([]Org, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+orgColumns+` FROM orgs ORDER BY name, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// UpdateOrg implements Store.
func (s *SQLStore) UpdateOrg(ctx context.Context, id string, fn func(Org) (Org, error)) (Org, error) {
	var updated Org
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := getOrg(ctx, tx, id, s.forUpdate())
		if err != nil {
			return err
		}
		o, err := fn(old)
		if err != nil {
			return err
		}
		o.ID, o.CreatedAt = old.ID, old.CreatedAt
		o = roundOrg(o)
		if err := ValidateOrg(o); err != nil {
			return err
		}
		if o.ParentID != old.ParentID {
			if err := checkParent(ctx, tx, o); err != nil {
				return err
			}
		}
		if o.Domain != old.Domain {
			if err := checkNoDomainRoles(ctx, tx, old); err != nil {
				return err
			}
		}
		args := append(orgArgs(o), storage.Micros(s.now()))
		_, err = tx.ExecContext(ctx, `UPDATE orgs SET name = $2, domain = $3, parent_id = $4, billing_customer = $5,
			allowed_factors = $6, password_min_length = $7, password_require_classes = $8, session_idle_us = $9,
			session_absolute_us = $10, stay_logged_in_us = $11, ip_allow_list = $12, created_at = $13,
			four_eyes_factor_reset = $14, updated_at = $15 WHERE id = $1`, args...)
		updated = o
		return err
	})
	if err != nil {
		return Org{}, err
	}
	return updated, nil
}

// checkNoDomainRoles refuses a domain change while users of the org hold
// roles of its current domain.
func checkNoDomainRoles(ctx context.Context, q storage.Querier, o Org) error {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM user_roles ur
		JOIN users u ON u.id = ur.user_id JOIN roles r ON r.id = ur.role_id
		WHERE u.org_id = $1 AND r.domain = $2`, o.ID, string(o.Domain)).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return &ValidationError{Field: "domain", Err: ErrCrossDomain, Problem: fmt.Sprintf(
			"organisation %q: users hold %d roles of domain %s; revoke them before changing the domain", o.ID, n, o.Domain)}
	}
	return nil
}

// BillingCustomerOf implements Store.
func (s *SQLStore) BillingCustomerOf(ctx context.Context, orgID string) (Org, error) {
	chain, err := ancestors(ctx, s.db, orgID)
	if err != nil {
		return Org{}, err
	}
	if len(chain) == 0 {
		return Org{}, fmt.Errorf("organisation %q: %w", orgID, ErrNotFound)
	}
	pick := chain[len(chain)-1].id
	for _, a := range chain {
		if a.billing {
			pick = a.id
			break
		}
	}
	return s.GetOrg(ctx, pick)
}

// Descendants implements Store.
func (s *SQLStore) Descendants(ctx context.Context, orgID string) ([]string, error) {
	if _, err := s.GetOrg(ctx, orgID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `WITH RECURSIVE down (id) AS (
			SELECT id FROM orgs WHERE parent_id = $1
			UNION
			SELECT o.id FROM orgs o JOIN down ON o.parent_id = down.id
		)
		SELECT id FROM down WHERE id <> $1 ORDER BY id`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
