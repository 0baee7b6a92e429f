package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/poortwachter"
	"github.com/mijnaccount/mijnaccount/storage"
)

// Extensions of wage payment (package poortwachter, extension.go): a
// loonsanctie imposed by UWV or a vrijwillige verlenging agreed by employer
// and employee, each recorded on the absence case where it was entered and
// counted over the case's chain, as samentelling counts steps. The store
// keeps the rules of poortwachter.Chain.CheckExtension and CheckShortening
// in one transaction that first locks the employee's row, so two
// extensions of one chain entered at the same moment cannot both pass.
// Extensions are entered and shortened on the latest absence of a chain
// only: that absence's chain is the whole chain.

// WageExtension is an extension of wage payment as stored.
type WageExtension struct {
	ID        string // "VL-…"
	CaseID    string // the absence it was entered on
	Kind      poortwachter.ExtensionKind
	Start     date.Date // first day of extended wage payment
	Weeks     int       // as decided, 1–52
	DecidedOn date.Date // the day of UWV's decision or of the agreement
	// Reference is UWV's letter number, or "" (ValidReference).
	Reference string
	CreatedBy string // subject of the user who entered it
	CreatedAt time.Time
	// ShortenedTo is the last day after a bekorting; zero when not
	// shortened.
	ShortenedTo date.Date
	ShortenedBy string
	ShortenedAt time.Time
}

// Extension returns w as the timeline counts it.
func (w WageExtension) Extension() poortwachter.Extension {
	return poortwachter.Extension{ID: w.ID, Kind: w.Kind, Start: w.Start, Weeks: w.Weeks, ShortenedTo: w.ShortenedTo}
}

// End is the extension's last day.
func (w WageExtension) End() date.Date { return w.Extension().End() }

// PlannedEnd is the last day of the extension's full length.
func (w WageExtension) PlannedEnd() date.Date { return w.Extension().PlannedEnd() }

// MaxReferenceLength is the longest reference, in characters.
const MaxReferenceLength = 40

// ValidReference reports whether ref may be stored as a reference: empty,
// or up to MaxReferenceLength letters (a–z, A–Z), digits, spaces and the
// signs . / - _ beginning with a letter or digit. A letter number, not
// free text: no room for medical details.
func ValidReference(ref string) bool {
	if len(ref) > MaxReferenceLength {
		return false
	}
	for i, r := range ref {
		alnum := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
		if !alnum && (i == 0 || (r != ' ' && r != '.' && r != '/' && r != '-' && r != '_')) {
			return false
		}
	}
	return true
}

// ErrExtensionInput: no case, subject or current day, no decision date, or
// a reference that ValidReference refuses.
var ErrExtensionInput = errors.New("store: an extension needs a case, a subject, the current day, a decision date and a valid reference")

// NewWageExtension is an extension to record.
type NewWageExtension struct {
	CaseID string
	Kind   poortwachter.ExtensionKind
	// Start is the first day; zero takes the day after the waiting time
	// as extended so far (poortwachter.Chain.NextStart).
	Start     date.Date
	Weeks     int
	DecidedOn date.Date
	Reference string
	By        string    // subject of the user
	Today     date.Date // the current day in the application's time zone
	// Audit, when not nil, runs inside the transaction with the new id;
	// when it fails nothing is stored.
	Audit func(id string) error
}

// AddWageExtension records an extension on a case. It returns ErrNotFound
// for an unknown case, ErrExtensionInput, or a *poortwachter.ExtensionError
// when a rule refuses it; then nothing is stored.
func (s *Store) AddWageExtension(ctx context.Context, in NewWageExtension) (WageExtension, error) {
	if in.CaseID == "" || in.By == "" || in.Today.IsZero() || in.DecidedOn.IsZero() || !ValidReference(in.Reference) {
		return WageExtension{}, ErrExtensionInput
	}
	var out WageExtension
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		ch, err := s.lockedChain(ctx, tx, in.CaseID)
		if err != nil {
			return err
		}
		e := poortwachter.Extension{Kind: in.Kind, Start: in.Start, Weeks: in.Weeks}
		if e.Start.IsZero() {
			e.Start = ch.NextStart()
		}
		if err := ch.CheckExtension(e, in.DecidedOn, in.Today); err != nil {
			return err
		}
		at := s.now()
		out = WageExtension{ID: newID("VL"), CaseID: in.CaseID, Kind: e.Kind, Start: e.Start, Weeks: e.Weeks,
			DecidedOn: in.DecidedOn, Reference: in.Reference, CreatedBy: in.By, CreatedAt: at}
		// A collision of 40 random bits fails the request rather than
		// retrying inside the transaction (PostgreSQL aborts it).
		if _, err := tx.ExecContext(ctx, `INSERT INTO absence_wage_extensions
			(id, case_id, kind, starts_on, weeks, decided_on, reference, created_by, created_at, shortened_to, shortened_by, shortened_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', '', 0)`,
			out.ID, out.CaseID, string(out.Kind), dateText(out.Start), out.Weeks, dateText(out.DecidedOn), out.Reference,
			out.CreatedBy, storage.Micros(at)); err != nil {
			return fmt.Errorf("store: record extension: %w", err)
		}
		if in.Audit != nil {
			return in.Audit(out.ID)
		}
		return nil
	})
	if err != nil {
		return WageExtension{}, err
	}
	return out, nil
}

// WageExtensionShortening ends a loonsanctie early (bekorting).
type WageExtensionShortening struct {
	CaseID      string // the dossier it is done on: the latest absence of the chain
	ExtensionID string
	End         date.Date // the new last day
	By          string
	// Audit, when not nil, runs inside the transaction; when it fails
	// nothing is changed.
	Audit func() error
}

// ShortenWageExtension gives a loonsanctie of the case's chain an earlier
// last day. It returns ErrNotFound when the case or the extension is not
// there (also an extension of another chain), ErrExtensionInput, or a
// *poortwachter.ExtensionError; then nothing is changed.
func (s *Store) ShortenWageExtension(ctx context.Context, in WageExtensionShortening) (WageExtension, error) {
	if in.CaseID == "" || in.ExtensionID == "" || in.End.IsZero() || in.By == "" {
		return WageExtension{}, ErrExtensionInput
	}
	var out WageExtension
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		ch, err := s.lockedChain(ctx, tx, in.CaseID)
		if err != nil {
			return err
		}
		if found, err := ch.CheckShortening(in.ExtensionID, in.End); !found {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		at := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE absence_wage_extensions SET shortened_to = $2, shortened_by = $3, shortened_at = $4
			WHERE id = $1`, in.ExtensionID, dateText(in.End), in.By, storage.Micros(at)); err != nil {
			return err
		}
		if out, err = scanWageExtension(tx.QueryRowContext(ctx, `SELECT `+wageExtensionColumns+`
			FROM absence_wage_extensions WHERE id = $1`, in.ExtensionID)); err != nil {
			return err
		}
		if in.Audit != nil {
			return in.Audit()
		}
		return nil
	})
	if err != nil {
		return WageExtension{}, err
	}
	return out, nil
}

// WageExtensionsOfEmployee returns the extensions recorded on any absence
// of an employee, by absence id, each list ordered by start.
func (s *Store) WageExtensionsOfEmployee(ctx context.Context, employeeID string) (map[string][]WageExtension, error) {
	return wageExtensionsOf(ctx, s.db.DB, employeeID)
}

// lockedChain locks the employee of caseID (lockEmployeeOfCase) and
// returns the chain the case belongs to, with its extensions. The case must
// be the latest absence of its chain.
func (s *Store) lockedChain(ctx context.Context, tx *sql.Tx, caseID string) (poortwachter.Chain, error) {
	employee, employer, err := s.lockEmployeeOfCase(ctx, tx, caseID)
	if err != nil {
		return poortwachter.Chain{}, err
	}
	cases, err := queryAll(ctx, tx, s.scanCase, `SELECT `+caseColumns+` FROM absence_cases
		WHERE employee_id = $1 AND employer_org = $2`, employee, employer)
	if err != nil {
		return poortwachter.Chain{}, err
	}
	periods := make([]poortwachter.Period, len(cases))
	for i, c := range cases {
		periods[i] = poortwachter.Period{ID: c.ID, First: c.FirstSickDay, Back: c.RecoveredOn}
	}
	pos, ok := poortwachter.Locate(periods, caseID)
	switch {
	case !ok:
		return poortwachter.Chain{}, ErrNotFound
	case pos.HasNext:
		return poortwachter.Chain{}, &poortwachter.ExtensionError{Reason: poortwachter.ExtensionNotLatest}
	}
	byCase, err := wageExtensionsOf(ctx, tx, employee)
	if err != nil {
		return poortwachter.Chain{}, err
	}
	var exts []poortwachter.Extension
	for _, p := range pos.Chain.Periods {
		for _, w := range byCase[p.ID] {
			exts = append(exts, w.Extension())
		}
	}
	return pos.Chain.Extend(exts), nil
}

// wageExtensionColumns are the columns scanWageExtension reads.
const wageExtensionColumns = `id, case_id, kind, starts_on, weeks, decided_on, reference, created_by, created_at,
	shortened_to, shortened_by, shortened_at`

func wageExtensionsOf(ctx context.Context, q storage.Querier, employeeID string) (map[string][]WageExtension, error) {
	rows, err := q.QueryContext(ctx, `SELECT w.id, w.case_id, w.kind, w.starts_on, w.weeks, w.decided_on, w.reference,
		w.created_by, w.created_at, w.shortened_to, w.shortened_by, w.shortened_at
		FROM absence_wage_extensions w JOIN absence_cases c ON c.id = w.case_id
		WHERE c.employee_id = $1 ORDER BY w.starts_on, w.id`, employeeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]WageExtension{}
	for rows.Next() {
		w, err := scanWageExtension(rows)
		if err != nil {
			return nil, err
		}
		out[w.CaseID] = append(out[w.CaseID], w)
	}
	return out, rows.Err()
}

func scanWageExtension(sc storage.Scanner) (WageExtension, error) {
	var w WageExtension
	var kind, start, decided, shortened string
	var created, shortenedAt int64
	if err := sc.Scan(&w.ID, &w.CaseID, &kind, &start, &w.Weeks, &decided, &w.Reference, &w.CreatedBy, &created,
		&shortened, &w.ShortenedBy, &shortenedAt); err != nil {
		return WageExtension{}, notFound(err)
	}
	w.Kind, w.Start, w.DecidedOn, w.ShortenedTo = poortwachter.ExtensionKind(kind), parseDate(start), parseDate(decided), parseDate(shortened)
	w.CreatedAt = storage.FromMicros(created)
	if shortenedAt != 0 {
		w.ShortenedAt = storage.FromMicros(shortenedAt)
	}
	return w, nil
}
