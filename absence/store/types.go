package store

import (
	"errors"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/storage"
)

// Errors the store returns.
var (
	ErrNotFound = storage.NewNotFound("store: not found")
	// ErrConflict: a unique value is taken (personnel number, a step
	// already marked done) or the change contradicts the stored state (a
	// second open absence, a recovery of a closed one).
	ErrConflict = errors.New("store: conflict")
	// ErrWithinEarlierAbsence: a new absence would start within an
	// earlier, closed absence of the same employee. It wraps ErrConflict.
	ErrWithinEarlierAbsence = fmt.Errorf("%w: the first sick day lies within an earlier absence", ErrConflict)
)

// Org is an organisation as the application knows it.
type Org struct {
	ID        string
	Name      string
	Domain    rights.Domain
	FirstSeen time.Time
	LastSeen  time.Time
}

// Employee is an employee of an employer organisation.
type Employee struct {
	ID              string // the UI-id, "MW-…"
	Employer        string // employer organisation id
	PersonnelNumber string // unique per employer
	Name            string
	BirthDate       date.Date
	Email           string
	ContractMinutes int // contract hours per week, in minutes
	EmploymentStart date.Date
	EmploymentEnd   date.Date // zero: still employed
	// BSNSealed is the citizen service number sealed by the caller with
	// package secretbox under BSNAssociatedData(ID); "" when not recorded.
	// The store never sees the number itself.
	BSNSealed string
	// BSNIndex is the keyed index of the BSN (package bsn), by which the
	// employer searches; "" when no BSN is recorded or indexed.
	BSNIndex string
	// ManagerSub is the stable subject (the ID token's sub) of the
	// employee's leidinggevende; "" when the employee is in no team. A
	// user whose roles see only their team sees the employee only when this
	// is their own subject (package web, reach.go).
	ManagerSub string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Case is one absence of an employee.
type Case struct {
	ID           string // "VZ-…"
	EmployeeID   string
	Employer     string
	FirstSickDay date.Date
	ExpectedDays int    // expected duration in calendar days; 0 unknown
	Notes        string // no medical details; sealed at rest (sealed_text.go)
	RecoveredOn  date.Date
	ReportedBy   string // subject of the reporting user
	ReportedAt   time.Time
	UpdatedAt    time.Time
	Recoveries   []Recovery // oldest first; filled by GetCase
	// Corrections is the correction history, newest first; filled by
	// GetCase (corrections.go).
	Corrections []Correction
}

// Open reports whether the employee has not fully recovered.
func (c Case) Open() bool { return c.RecoveredOn.IsZero() }

// Period is the absence as registration sees it: from the first sick day to
// the day before full recovery.
func (c Case) Period() registration.Period {
	p := registration.Period{Start: c.FirstSickDay}
	if !c.RecoveredOn.IsZero() {
		p.End = c.RecoveredOn.AddDays(-1)
	}
	return p
}

// WorkingPercentage is the share of the work resumed by the latest recovery
// report (0 when none, 100 when recovered).
func (c Case) WorkingPercentage() int {
	if len(c.Recoveries) == 0 {
		return 0
	}
	return c.Recoveries[len(c.Recoveries)-1].Percentage
}

// Recovery is a report that the employee resumed (part of) the work.
type Recovery struct {
	ID         string
	CaseID     string
	On         date.Date
	Percentage int // 1–100; 100 is full recovery
	ReportedBy string
	ReportedAt time.Time
}

// Activity is a Poortwachter step marked done.
type Activity struct {
	CaseID string
	Step   string
	DoneOn date.Date
	Note   string // sealed at rest (sealed_text.go)
	DoneBy string
	DoneAt time.Time
}

// MedicalNote is a note of the company doctor.
type MedicalNote struct {
	ID     string
	CaseID string
	// BodySealed is the note's text sealed by the caller with package
	// secretbox under MedicalNoteAssociatedData(CaseID). The store never
	// sees the text itself.
	BodySealed string
	Author     string // subject
	AuthorOrg  string
	CreatedAt  time.Time
}
