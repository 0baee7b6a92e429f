package store

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/storage"
)

// Links of the employee portal (migration 0007): a Mijn Account login,
// named by the issuer and the ID token's subject, linked to one employee
// record. The database holds at most one current link per login and per
// employee, so a second account never takes over a linked employee.

// PortalLink is one link, current or ended.
type PortalLink struct {
	ID         string // "PL-…"
	EmployeeID string
	Employer   string // the employee's employer organisation
	Issuer     string
	Subject    string
	LinkedAt   time.Time
	UnlinkedAt time.Time // zero while the link holds
	UnlinkedBy string    // subject of the employer's user who ended it
	Reason     string    // why it was ended
}

// Current reports whether the link still holds.
func (l PortalLink) Current() bool { return l.UnlinkedAt.IsZero() }

// Why LinkPortal did not link. The caller shows one and the same page for
// all of them, so that a user cannot learn which value did not match.
var (
	// ErrPortalNoMatch: no employee of the employer has the email address.
	ErrPortalNoMatch = errors.New("store: no employee has the email address")
	// ErrPortalBirthDateMismatch: employees have the email address, none
	// of them the birth date.
	ErrPortalBirthDateMismatch = errors.New("store: no employee with the email address has the birth date")
	// ErrPortalAmbiguous: several employees have both.
	ErrPortalAmbiguous = errors.New("store: several employees have the email address and the birth date")
	// ErrPortalTaken: the one employee that matches is linked to another login.
	ErrPortalTaken = errors.New("store: the employee is linked to another login")
)

const portalLinkColumns = `id, employee_id, employer_org, issuer, subject, linked_at, unlinked_at, unlinked_by, unlink_reason`

// scanPortalLink reads a current link; only ended links carry a reason
// (sealed, see UnlinkPortal), and none of the readers returns one.
func scanPortalLink(sc storage.Scanner) (PortalLink, error) {
	var l PortalLink
	var linked, unlinked int64
	if err := sc.Scan(&l.ID, &l.EmployeeID, &l.Employer, &l.Issuer, &l.Subject, &linked, &unlinked, &l.UnlinkedBy, &l.Reason); err != nil {
		return PortalLink{}, err
	}
	l.LinkedAt = storage.FromMicros(linked)
	if unlinked != 0 {
		l.UnlinkedAt = storage.FromMicros(unlinked)
	}
	return l, nil
}

func currentLinkOfLogin(ctx context.Context, q storage.Querier, issuer, subject string) (PortalLink, error) {
	l, err := scanPortalLink(q.QueryRowContext(ctx, `SELECT `+portalLinkColumns+` FROM absence_portal_links
		WHERE issuer = $1 AND subject = $2 AND unlinked_at = 0`, issuer, subject))
	return l, notFound(err)
}

func currentLinkOfEmployee(ctx context.Context, q storage.Querier, employeeID string) (PortalLink, error) {
	l, err := scanPortalLink(q.QueryRowContext(ctx, `SELECT `+portalLinkColumns+` FROM absence_portal_links
		WHERE employee_id = $1 AND unlinked_at = 0`, employeeID))
	return l, notFound(err)
}

// PortalLinkOf returns the current link of a login, or ErrNotFound.
func (s *Store) PortalLinkOf(ctx context.Context, issuer, subject string) (PortalLink, error) {
	return currentLinkOfLogin(ctx, s.db, issuer, subject)
}

// PortalLinkOfEmployee returns the current link of an employee, or ErrNotFound.
func (s *Store) PortalLinkOfEmployee(ctx context.Context, employeeID string) (PortalLink, error) {
	return currentLinkOfEmployee(ctx, s.db, employeeID)
}

// PortalClaim is a login that asks to be linked: its issuer and subject, the
// employer from its token, and the verified email address and birth date
// from its token.
type PortalClaim struct {
	Issuer, Subject string
	Employer        string
	Email           string
	BirthDate       date.Date
	// Audit, when not nil, runs inside the transaction after a new link is
	// stored; an error rolls the link back.
	Audit func(PortalLink) error
}

// LinkPortal links the login of c in one transaction. When the login holds a
// current link already (another request made it meanwhile), that link is
// returned with created false. Otherwise it links the login to the one
// employee of c.Employer whose email address (without regard to case) and
// birth date are c's, and returns the new link with created true. When that
// is not exactly one employee it returns ErrPortalNoMatch,
// ErrPortalBirthDateMismatch or ErrPortalAmbiguous; when that employee is
// linked to another login, ErrPortalTaken. Two logins racing for one
// employee: the unique index lets exactly one win.
func (s *Store) LinkPortal(ctx context.Context, c PortalClaim) (link PortalLink, created bool, err error) {
	if c.Issuer == "" || c.Subject == "" || c.Employer == "" {
		return PortalLink{}, false, fmt.Errorf("store: a portal link needs an issuer, a subject and an employer")
	}
	if strings.TrimSpace(c.Email) == "" || c.BirthDate.IsZero() {
		return PortalLink{}, false, ErrPortalNoMatch
	}
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		link, created = PortalLink{}, false
		if l, err := currentLinkOfLogin(ctx, tx, c.Issuer, c.Subject); err == nil {
			link = l
			return nil
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		employeeID, err := matchingEmployee(ctx, tx, c)
		if err != nil {
			return err
		}
		if _, err := currentLinkOfEmployee(ctx, tx, employeeID); err == nil {
			return ErrPortalTaken
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		if link, created, err = s.insertPortalLink(ctx, tx, c, employeeID); err != nil || !created {
			return err
		}
		if c.Audit != nil {
			return c.Audit(link)
		}
		return nil
	})
	if err != nil {
		return PortalLink{}, false, err
	}
	return link, created, nil
}

// matchingEmployee returns the one employee of the claim's employer with its
// email address and birth date.
func matchingEmployee(ctx context.Context, tx *sql.Tx, c PortalClaim) (string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, birth_date FROM absence_employees
		WHERE employer_org = $1 AND LOWER(email) = LOWER($2) ORDER BY id`, c.Employer, strings.TrimSpace(c.Email))
	if err != nil {
		return "", err
	}
	defer rows.Close()
	want := []byte(dateText(c.BirthDate))
	var byEmail int
	var matches []string
	for rows.Next() {
		var id, birth string
		if err := rows.Scan(&id, &birth); err != nil {
			return "", err
		}
		byEmail++
		if subtle.ConstantTimeCompare([]byte(birth), want) == 1 {
			matches = append(matches, id)
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	switch {
	case byEmail == 0:
		return "", ErrPortalNoMatch
	case len(matches) == 0:
		return "", ErrPortalBirthDateMismatch
	case len(matches) > 1:
		return "", ErrPortalAmbiguous
	}
	return matches[0], nil
}

// insertPortalLink stores a new current link. ON CONFLICT keeps the
// transaction usable when a unique index is hit: a concurrent transaction
// linked the login (its link is returned, created false) or the employee
// (ErrPortalTaken) first, or the fresh id was taken (another id is tried).
func (s *Store) insertPortalLink(ctx context.Context, tx *sql.Tx, c PortalClaim, employeeID string) (PortalLink, bool, error) {
	for range 3 {
		l := PortalLink{ID: newID("PL"), EmployeeID: employeeID, Employer: c.Employer, Issuer: c.Issuer, Subject: c.Subject,
			LinkedAt: s.now()}
		res, err := tx.ExecContext(ctx, `INSERT INTO absence_portal_links (id, employee_id, employer_org, issuer, subject, linked_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
			l.ID, l.EmployeeID, l.Employer, l.Issuer, l.Subject, storage.Micros(l.LinkedAt))
		if err != nil {
			return PortalLink{}, false, err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return l, err == nil, err
		}
		if existing, err := currentLinkOfLogin(ctx, tx, c.Issuer, c.Subject); err == nil {
			return existing, false, nil
		} else if !errors.Is(err, ErrNotFound) {
			return PortalLink{}, false, err
		}
		if _, err := currentLinkOfEmployee(ctx, tx, employeeID); err == nil {
			return PortalLink{}, false, ErrPortalTaken
		} else if !errors.Is(err, ErrNotFound) {
			return PortalLink{}, false, err
		}
	}
	return PortalLink{}, false, errors.New("store: no free portal link id")
}

// PortalUnlink ends the current link of an employee.
type PortalUnlink struct {
	EmployeeID string
	Employer   string // the employer the employee must belong to
	By         string // subject of the employer's user
	Reason     string // required
	// Audit, when not nil, runs inside the transaction after the link is
	// ended; an error rolls it back.
	Audit func(PortalLink) error
}

// UnlinkPortal ends the current link of u.EmployeeID, keeping it as history
// with u.By and u.Reason, and returns it. An employee of another employer, or
// one without a current link, is ErrNotFound.
func (s *Store) UnlinkPortal(ctx context.Context, u PortalUnlink) (PortalLink, error) {
	if u.EmployeeID == "" || u.Employer == "" || u.By == "" || strings.TrimSpace(u.Reason) == "" {
		return PortalLink{}, fmt.Errorf("store: ending a portal link needs an employee, an employer, a user and a reason")
	}
	var out PortalLink
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		l, err := currentLinkOfEmployee(ctx, tx, u.EmployeeID)
		if err != nil {
			return err
		}
		if l.Employer != u.Employer {
			return ErrNotFound
		}
		l.UnlinkedAt, l.UnlinkedBy, l.Reason = s.now(), u.By, u.Reason
		reason, err := s.sealText(u.Reason, portalReasonAD(l.ID))
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE absence_portal_links SET unlinked_at = $2, unlinked_by = $3, unlink_reason = $4
			WHERE id = $1 AND unlinked_at = 0`, l.ID, storage.Micros(l.UnlinkedAt), l.UnlinkedBy, reason)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return ErrNotFound
		}
		out = l
		if u.Audit != nil {
			return u.Audit(l)
		}
		return nil
	})
	if err != nil {
		return PortalLink{}, err
	}
	return out, nil
}
