package store

import (
	"context"
	"database/sql"
	"errors"
	"hash/fnv"

	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/storage"
)

// The relations of one employer change one transaction at a time, whoever
// changes them: the employer's contactpersoon (AddRelation,
// EndEmployerRelation) or an administrator (CreateRelation, EndRelation).
// On PostgreSQL every such transaction first takes an advisory lock keyed
// by the employer's id, which exists also for an employer the application
// has not seen yet; SQLite transactions take the write lock at BEGIN. Under
// that lock the overlap check and the write cannot interleave with another
// change of the same pair.

// partyRule says which organisations a relation may name.
type partyRule int

const (
	// knownParties: both organisations are known, the employer as a
	// werkgever and the provider in a provider domain.
	knownParties partyRule = iota
	// fittingParties: an organisation the application has not seen yet is
	// accepted (an administrator may record a relation before the first
	// login); a known one needs the right domain.
	fittingParties
)

// relationLockKey is the PostgreSQL advisory lock of employer's relations.
func relationLockKey(employer string) int64 {
	h := fnv.New64a()
	h.Write([]byte("mijnaccount.absence_relations\x00" + employer))
	return int64(h.Sum64())
}

// lockRelations takes the lock under which employer's relations change,
// until the transaction ends.
func (s *Store) lockRelations(ctx context.Context, tx *sql.Tx, employer string) error {
	if s.db.Dialect != storage.Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, relationLockKey(employer))
	return err
}

// orgDomain returns the domain of organisation id and whether it is known.
// With forUpdate its row stays locked on PostgreSQL until the transaction
// ends, so that its domain cannot change meanwhile.
func (s *Store) orgDomain(ctx context.Context, tx *sql.Tx, id string, forUpdate bool) (rights.Domain, bool, error) {
	lock := ""
	if forUpdate {
		lock = s.forUpdate()
	}
	var domain string
	err := tx.QueryRowContext(ctx, `SELECT domain FROM absence_orgs WHERE id = $1`+lock, id).Scan(&domain)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", false, nil
	case err != nil:
		return "", false, err
	}
	return rights.Domain(domain), true, nil
}

// lockEmployer takes the lock of employer's relations and checks that
// employer is a known employer organisation (ErrNotEmployer).
func (s *Store) lockEmployer(ctx context.Context, tx *sql.Tx, employer string) error {
	return s.lockParty(ctx, tx, employer, knownParties)
}

// lockParty takes the lock of employer's relations and checks the employer
// under rule: a known organisation of another domain is ErrNotEmployer, and
// so is an unknown one under knownParties.
func (s *Store) lockParty(ctx context.Context, tx *sql.Tx, employer string, rule partyRule) error {
	if err := s.lockRelations(ctx, tx, employer); err != nil {
		return err
	}
	domain, known, err := s.orgDomain(ctx, tx, employer, true)
	switch {
	case err != nil:
		return err
	case !known && rule == fittingParties:
		return nil
	case !known, !domain.IsEmployer():
		return ErrNotEmployer
	}
	return nil
}

// checkProvider checks r's provider under rule: an employer (also the
// employer itself) or an organisation of no valid domain is ErrNotProvider;
// an unknown one is ErrUnknownProvider under knownParties.
func (s *Store) checkProvider(ctx context.Context, tx *sql.Tx, r registration.Relation, rule partyRule) error {
	if r.Provider == r.Employer {
		return ErrNotProvider
	}
	// Read without a lock: locking it after the employer's row could
	// deadlock with a transaction that holds it as its employer.
	domain, known, err := s.orgDomain(ctx, tx, r.Provider, false)
	switch {
	case err != nil:
		return err
	case !known && rule == fittingParties:
		return nil
	case !known:
		return ErrUnknownProvider
	case !domain.Valid() || domain.IsEmployer():
		return ErrNotProvider
	}
	return nil
}
