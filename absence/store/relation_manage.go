package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/storage"
)

// Errors of relation management (AddRelation, EndEmployerRelation,
// CreateRelation, EndRelation).
var (
	// ErrUnknownProvider: the provider is not a known organisation.
	ErrUnknownProvider = errors.New("store: the provider is not a known organisation")
	// ErrNotProvider: the provider organisation is an employer (or of an
	// unknown domain), so it cannot serve one.
	ErrNotProvider = errors.New("store: the organisation is not a provider")
	// ErrNotEmployer: the employer is not a known employer organisation.
	ErrNotEmployer = errors.New("store: the organisation is not a known employer")
	// ErrEndBeforeStart: the last day lies before the first.
	ErrEndBeforeStart = errors.New("store: a relation cannot end before it starts")
	// ErrOverlap: the same provider already serves the same employer on
	// one of the days of the period.
	ErrOverlap = errors.New("store: the period overlaps another relation of the same organisations")
)

// openEnd stands for "no end date" when periods are compared; ISO dates
// compare as text on both dialects.
const openEnd = "9999-12-31"

// ProviderOrgs returns the known organisations of a provider domain
// (arbodienst, bedrijfsarts, verzekeraar) by name.
func (s *Store) ProviderOrgs(ctx context.Context) ([]Org, error) {
	var providers []any
	for _, d := range rights.Domains() {
		if !d.IsEmployer() {
			providers = append(providers, string(d))
		}
	}
	in := ""
	for i := range providers {
		if i > 0 {
			in += ", "
		}
		in += fmt.Sprintf("$%d", i+1)
	}
	return queryAll(ctx, s.db, scanOrg, `SELECT id, name, domain, first_seen, last_seen FROM absence_orgs
		WHERE domain IN (`+in+`) ORDER BY name, id`, providers...)
}

// AddRelation stores a relation an employer records. In one transaction,
// which holds the lock of the employer's relations so that concurrent
// changes of them run one after the other, it checks that the employer is a
// known employer (ErrNotEmployer), that the provider is a known
// organisation of a provider domain (ErrUnknownProvider, ErrNotProvider)
// and that no relation of the same pair overlaps the period (ErrOverlap).
// The end may be zero (open-ended).
func (s *Store) AddRelation(ctx context.Context, r registration.Relation) (registration.Relation, error) {
	return s.addRelation(ctx, r, knownParties)
}

// CreateRelation stores a relation an administrator records. It makes the
// checks of AddRelation under the same lock, except that an organisation
// the application has not seen yet is accepted, so that a relation can be
// recorded before the first login of either organisation; a known one
// still needs the right domain.
func (s *Store) CreateRelation(ctx context.Context, r registration.Relation) (registration.Relation, error) {
	return s.addRelation(ctx, r, fittingParties)
}

func (s *Store) addRelation(ctx context.Context, r registration.Relation, rule partyRule) (registration.Relation, error) {
	if r.Provider == "" || r.Employer == "" || r.Start.IsZero() {
		return r, fmt.Errorf("store: a relation needs a provider, an employer and a start date")
	}
	if !r.End.IsZero() && r.End.Before(r.Start) {
		return r, ErrEndBeforeStart
	}
	r.ID = ""
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := s.lockParty(ctx, tx, r.Employer, rule); err != nil {
			return err
		}
		if err := s.checkProvider(ctx, tx, r, rule); err != nil {
			return err
		}
		if err := overlapFree(ctx, tx, r); err != nil {
			return err
		}
		// ON CONFLICT keeps the transaction usable when a fresh id is taken.
		for range 3 {
			id := newID("DR")
			res, err := tx.ExecContext(ctx, `INSERT INTO absence_relations (id, provider_org, employer_org, starts_on, ends_on, created_at)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
				id, r.Provider, r.Employer, dateText(r.Start), dateText(r.End), storage.Micros(s.now()))
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 1 {
				r.ID = id
				return err
			}
		}
		return errors.New("store: no free relation id")
	})
	if err != nil {
		r.ID = ""
	}
	return r, err
}

// EndEmployerRelation sets the last day of relation id of employer. A
// relation of another employer, or of an organisation that is not a known
// employer, is ErrNotFound. The end may not lie before the start
// (ErrEndBeforeStart) nor make the relation overlap another one of the same
// pair (ErrOverlap). It runs under the same lock as AddRelation.
func (s *Store) EndEmployerRelation(ctx context.Context, employer, id string, end date.Date) (registration.Relation, error) {
	return s.endRelation(ctx, employer, id, end, knownParties)
}

// EndRelation sets the last day of relation id for an administrator, with
// the date checks of EndEmployerRelation under the same lock, whatever the
// application knows of the organisations.
func (s *Store) EndRelation(ctx context.Context, id string, end date.Date) (registration.Relation, error) {
	r, err := s.GetRelation(ctx, id) // a relation's employer never changes
	if err != nil {
		return r, err
	}
	return s.endRelation(ctx, r.Employer, id, end, fittingParties)
}

func (s *Store) endRelation(ctx context.Context, employer, id string, end date.Date, rule partyRule) (registration.Relation, error) {
	var r registration.Relation
	if end.IsZero() {
		return r, fmt.Errorf("store: ending a relation needs a date")
	}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		lock := s.lockRelations // an administrator ends any relation
		if rule == knownParties {
			lock = s.lockEmployer
		}
		if err := lock(ctx, tx, employer); err != nil {
			if errors.Is(err, ErrNotEmployer) {
				return ErrNotFound
			}
			return err
		}
		var start, oldEnd string
		err := tx.QueryRowContext(ctx, `SELECT id, provider_org, employer_org, starts_on, ends_on FROM absence_relations
			WHERE id = $1 AND employer_org = $2`, id, employer).Scan(&r.ID, &r.Provider, &r.Employer, &start, &oldEnd)
		if err != nil {
			return notFound(err)
		}
		r.Start, r.End = parseDate(start), end
		if end.Before(r.Start) {
			return ErrEndBeforeStart
		}
		if err := overlapFree(ctx, tx, r); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE absence_relations SET ends_on = $2 WHERE id = $1`, id, dateText(end))
		return err
	})
	return r, err
}

// overlapFree returns ErrOverlap, naming the other relation, when another
// relation (not r.ID) of the same provider and employer shares a day with
// r's period.
func overlapFree(ctx context.Context, tx *sql.Tx, r registration.Relation) error {
	end := openEnd
	if !r.End.IsZero() {
		end = dateText(r.End)
	}
	var other string
	err := tx.QueryRowContext(ctx, `SELECT id FROM absence_relations
		WHERE provider_org = $1 AND employer_org = $2 AND id <> $3
		AND starts_on <= $4 AND (ends_on = '' OR ends_on >= $5) ORDER BY starts_on, id LIMIT 1`,
		r.Provider, r.Employer, r.ID, end, dateText(r.Start)).Scan(&other)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	}
	return fmt.Errorf("%w: %s", ErrOverlap, other)
}
