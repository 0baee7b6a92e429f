package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"io/fs"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/secretbox"
	"github.com/mijnaccount/mijnaccount/storage"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationsFS embed.FS

// Migrations is the application's migration set.
var Migrations = storage.Migrations{FS: mustSub(migrationsFS, "migrations"), Table: "absence_schema_migrations"}

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// Store is the SQL store. It is safe for concurrent use.
type Store struct {
	db  *storage.DB
	now func() time.Time
	kr  secretbox.Keyring // seals free text (sealed_text.go)
}

// New returns a store on a migrated db, taking times from now (time.Now when
// nil) and sealing free text with kr. With a keyring that does not validate,
// every write or read of free text fails.
func New(db *storage.DB, now func() time.Time, kr secretbox.Keyring) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now, kr: kr}
}

// forUpdate is the locking clause of a SELECT whose rows must stay locked
// until the transaction ends: FOR UPDATE on PostgreSQL, nothing on SQLite,
// whose transactions take the write lock at BEGIN.
func (s *Store) forUpdate() string {
	if s.db.Dialect == storage.Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// lockEmployee locks an employee's row until tx ends (ErrNotFound when there
// is none). Every writer of an employee's absences takes it first: a new
// absence, a correction, an extension of wage payment, a retention
// deletion. They then run one after the other instead of deadlocking on
// the open-absence index and the foreign key.
func (s *Store) lockEmployee(ctx context.Context, tx *sql.Tx, employeeID string) error {
	var locked string
	err := tx.QueryRowContext(ctx, `SELECT id FROM absence_employees WHERE id = $1`+s.forUpdate(), employeeID).Scan(&locked)
	return notFound(err)
}

// lockEmployeeOfCase locks the row of the employee of caseID (see
// lockEmployee) and returns the employee and the employer of the case.
func (s *Store) lockEmployeeOfCase(ctx context.Context, tx *sql.Tx, caseID string) (employee, employer string, err error) {
	if err := tx.QueryRowContext(ctx, `SELECT employee_id, employer_org FROM absence_cases WHERE id = $1`, caseID).Scan(&employee, &employer); err != nil {
		return "", "", notFound(err)
	}
	return employee, employer, s.lockEmployee(ctx, tx, employee)
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// newID returns prefix + "-" + eight upper-case base32 characters (40 random bits).
func newID(prefix string) string {
	return prefix + "-" + strings.ToUpper(storage.RandomString(5))
}

// withNewID runs insert with fresh ids until one is not taken (a collision
// of 40 random bits is rare; three tries are plenty).
func withNewID(prefix string, insert func(id string) error) (string, error) {
	var err error
	for range 3 {
		id := newID(prefix)
		if err = insert(id); err == nil || !storage.IsPrimaryKeyViolation(err) {
			return id, err
		}
	}
	return "", err
}

func dateText(d date.Date) string { return d.String() }

func parseDate(s string) date.Date {
	if s == "" {
		return date.Date{}
	}
	d, err := date.Parse(s)
	if err != nil {
		return date.Date{}
	}
	return d
}

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
