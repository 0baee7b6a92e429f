package registration

import (
	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/rights"
)

// Viewer is the organisation asking, with its domain.
type Viewer struct {
	Org    string
	Domain rights.Domain
}

// Relation says that Provider (an arbodienst, bedrijfsarts or verzekeraar)
// serves Employer from Start up to and including End (zero: open-ended).
type Relation struct {
	ID       string
	Provider string
	Employer string
	Start    date.Date
	End      date.Date
}

// ActiveOn reports whether the relation holds on day d.
func (r Relation) ActiveOn(d date.Date) bool {
	return !d.Before(r.Start) && (r.End.IsZero() || !d.After(r.End))
}

// Period is the time an employee was absent: from the first sick day up to
// and including the day before full recovery (End zero: still absent).
type Period struct {
	Start date.Date
	End   date.Date
}

// overlaps reports whether p has a day in [from, to].
func (p Period) overlaps(from, to date.Date) bool {
	if to.Before(from) {
		return false
	}
	return !p.Start.After(to) && (p.End.IsZero() || !p.End.Before(from))
}

// activeRelation returns the relation through which v reaches employer on
// today, if there is one.
func activeRelation(v Viewer, employer string, relations []Relation, today date.Date) (Relation, bool) {
	if !v.Domain.Valid() || v.Domain.IsEmployer() || v.Org == "" {
		return Relation{}, false
	}
	for _, r := range relations {
		if r.Provider == v.Org && r.Employer == employer && r.ActiveOn(today) {
			return r, true
		}
	}
	return Relation{}, false
}

// Serves reports whether v may see anything of employer on today: it is
// that employer, or serves it through a relation that holds today.
func Serves(v Viewer, employer string, relations []Relation, today date.Date) bool {
	if v.Domain == rights.Werkgever {
		return v.Org != "" && v.Org == employer
	}
	_, ok := activeRelation(v, employer, relations, today)
	return ok
}

// CanSeeAbsence reports whether v may see an absence p of an employee of
// employer on today.
func CanSeeAbsence(v Viewer, employer string, relations []Relation, p Period, today date.Date) bool {
	if v.Domain == rights.Werkgever {
		return v.Org != "" && v.Org == employer
	}
	r, ok := activeRelation(v, employer, relations, today)
	if !ok {
		return false
	}
	for _, rel := range relations {
		// Several relations with the same employer (one ended, one new)
		// each open their own window; the active one must exist (above).
		if rel.Provider == r.Provider && rel.Employer == employer && p.overlaps(rel.Start, windowEnd(rel, today)) {
			return true
		}
	}
	return false
}

// windowEnd is the last day of a relation's window as seen on today.
func windowEnd(r Relation, today date.Date) date.Date {
	if r.End.IsZero() || today.Before(r.End) {
		return today
	}
	return r.End
}

// CanSeeEmployee reports whether v may see an employee of employer whose
// absences are absences, on today.
func CanSeeEmployee(v Viewer, employer string, relations []Relation, absences []Period, today date.Date) bool {
	if v.Domain == rights.Werkgever {
		return v.Org != "" && v.Org == employer
	}
	for _, p := range absences {
		if CanSeeAbsence(v, employer, relations, p, today) {
			return true
		}
	}
	return false
}

// ServedEmployers returns the employers v reaches through relations that
// hold on today, in the order of relations, without duplicates.
func ServedEmployers(v Viewer, relations []Relation, today date.Date) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range relations {
		if r.Provider == v.Org && r.ActiveOn(today) && !seen[r.Employer] && Serves(v, r.Employer, relations, today) {
			seen[r.Employer] = true
			out = append(out, r.Employer)
		}
	}
	return out
}
