package store

import (
	"context"
	"fmt"

	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/storage"
)

// SeeOrg registers an organisation named in a token the first time it is
// seen, and returns what the application knows of it. When the stored domain
// equals o.Domain the name and last-seen time are brought up to date; when it
// differs nothing changes and the stored org is returned, so the caller can
// refuse the login.
func (s *Store) SeeOrg(ctx context.Context, o Org) (Org, error) {
	now := storage.Micros(s.now())
	_, err := s.db.ExecContext(ctx, `INSERT INTO absence_orgs (id, name, domain, first_seen, last_seen)
		VALUES ($1, $2, $3, $4, $4) ON CONFLICT (id) DO NOTHING`, o.ID, o.Name, string(o.Domain), now)
	if err != nil {
		return Org{}, err
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE absence_orgs SET name = $2, last_seen = $3 WHERE id = $1 AND domain = $4`,
		o.ID, o.Name, now, string(o.Domain)); err != nil {
		return Org{}, err
	}
	return s.GetOrg(ctx, o.ID)
}

// RegisterOrg stores an organisation with its domain ahead of any login,
// or changes the domain of a known one (an administrator's decision).
func (s *Store) RegisterOrg(ctx context.Context, o Org) (Org, error) {
	if !o.Domain.Valid() {
		return Org{}, fmt.Errorf("store: unknown domain %q", o.Domain)
	}
	now := storage.Micros(s.now())
	_, err := s.db.ExecContext(ctx, `INSERT INTO absence_orgs (id, name, domain, first_seen, last_seen)
		VALUES ($1, $2, $3, $4, $4)
		ON CONFLICT (id) DO UPDATE SET domain = excluded.domain,
			name = CASE WHEN excluded.name = '' THEN absence_orgs.name ELSE excluded.name END`,
		o.ID, o.Name, string(o.Domain), now)
	if err != nil {
		return Org{}, err
	}
	return s.GetOrg(ctx, o.ID)
}

// GetOrg returns the organisation with id, or ErrNotFound.
func (s *Store) GetOrg(ctx context.Context, id string) (Org, error) {
	row := s.db.QueryRowContext(ctx, `SELECT id, name, domain, first_seen, last_seen FROM absence_orgs WHERE id = $1`, id)
	o, err := scanOrg(row)
	return o, notFound(err)
}

// ListOrgs returns every known organisation by name.
func (s *Store) ListOrgs(ctx context.Context) ([]Org, error) {
	return queryAll(ctx, s.db, scanOrg, `SELECT id, name, domain, first_seen, last_seen FROM absence_orgs ORDER BY name, id`)
}

func scanOrg(sc storage.Scanner) (Org, error) {
	var o Org
	var domain string
	var first, last int64
	if err := sc.Scan(&o.ID, &o.Name, &domain, &first, &last); err != nil {
		return Org{}, err
	}
	o.Domain = rights.Domain(domain)
	o.FirstSeen, o.LastSeen = storage.FromMicros(first), storage.FromMicros(last)
	return o, nil
}

// GetRelation returns the relation with id, or ErrNotFound.
func (s *Store) GetRelation(ctx context.Context, id string) (registration.Relation, error) {
	rows, err := s.relations(ctx, `WHERE id = $1`, id)
	if err != nil {
		return registration.Relation{}, err
	}
	if len(rows) == 0 {
		return registration.Relation{}, ErrNotFound
	}
	return rows[0], nil
}

// Relations returns every relation.
func (s *Store) Relations(ctx context.Context) ([]registration.Relation, error) {
	return s.relations(ctx, ``)
}

// RelationsOf returns the relations in which org is the provider or the employer.
func (s *Store) RelationsOf(ctx context.Context, org string) ([]registration.Relation, error) {
	return s.relations(ctx, `WHERE provider_org = $1 OR employer_org = $1`, org)
}

func (s *Store) relations(ctx context.Context, where string, args ...any) ([]registration.Relation, error) {
	return queryAll(ctx, s.db, scanRelation, `SELECT id, provider_org, employer_org, starts_on, ends_on FROM absence_relations `+
		where+` ORDER BY starts_on, id`, args...)
}

func scanRelation(sc storage.Scanner) (registration.Relation, error) {
	var r registration.Relation
	var start, end string
	if err := sc.Scan(&r.ID, &r.Provider, &r.Employer, &start, &end); err != nil {
		return r, err
	}
	r.Start, r.End = parseDate(start), parseDate(end)
	return r, nil
}
