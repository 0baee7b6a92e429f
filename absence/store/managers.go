package store

import (
	"context"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Manager is a leidinggevende of an employer as the application saw them at
// their latest login: hr chooses one for an employee's team, and the import
// names one by email address.
type Manager struct {
	Employer string
	Subject  string // the ID token's sub: stable, opaque
	Name     string
	Email    string // lower case
	LastSeen time.Time
}

// RecordManager stores or refreshes a leidinggevende of employer, seen at
// login now.
func (s *Store) RecordManager(ctx context.Context, m Manager) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO absence_managers (employer_org, subject, name, email, last_seen)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (employer_org, subject) DO UPDATE SET name = excluded.name, email = excluded.email, last_seen = excluded.last_seen`,
		m.Employer, m.Subject, m.Name, strings.ToLower(m.Email), storage.Micros(s.now()))
	return err
}

// ForgetManager removes a user who logged in without the leidinggevende
// role from the employer's leidinggevenden. Employees keep their
// manager_sub; it only no longer shows as a choice.
func (s *Store) ForgetManager(ctx context.Context, employer, subject string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM absence_managers WHERE employer_org = $1 AND subject = $2`, employer, subject)
	return err
}

// Managers returns the leidinggevenden of employer by name.
func (s *Store) Managers(ctx context.Context, employer string) ([]Manager, error) {
	return queryAll(ctx, s.db, func(sc storage.Scanner) (Manager, error) {
		var m Manager
		var seen int64
		err := sc.Scan(&m.Employer, &m.Subject, &m.Name, &m.Email, &seen)
		m.LastSeen = storage.FromMicros(seen)
		return m, err
	}, `SELECT employer_org, subject, name, email, last_seen FROM absence_managers WHERE employer_org = $1
		ORDER BY name, email, subject`, employer)
}
