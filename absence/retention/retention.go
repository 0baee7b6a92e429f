package retention

import (
	"fmt"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/poortwachter"
)

// Kind is the kind of record a term applies to.
type Kind string

// The kinds of record.
const (
	// AbsenceCase is one absence (verzuimgeval) with everything that hangs
	// off it: recovery reports, Poortwachter steps and medical notes.
	AbsenceCase Kind = "case"
	// EmployeeRecord is an employee's record, deleted with all their cases.
	EmployeeRecord Kind = "employee"
)

// Policy is an employer's setting of the term for absence data.
type Policy string

// The settings an employer can choose.
const (
	// Standard keeps absence data 2 years: the default.
	Standard Policy = "standard"
	// Eigenrisicodrager keeps absence data 5 years, for an employer that
	// carries the risk of the Ziektewet or the WGA itself.
	Eigenrisicodrager Policy = "eigenrisicodrager"
)

// Policies returns every setting, the default first.
func Policies() []Policy { return []Policy{Standard, Eigenrisicodrager} }

// Valid reports whether p is a known setting.
func (p Policy) Valid() bool { return p == Standard || p == Eigenrisicodrager }

// MessageID is the id of the setting's description in the page catalogue.
func (p Policy) MessageID() string { return "absence.retention.policy." + string(p) }

// ParsePolicy reads a setting by its name ("standard", "eigenrisicodrager").
func ParsePolicy(s string) (Policy, error) {
	if p := Policy(s); p.Valid() {
		return p, nil
	}
	return "", fmt.Errorf("retention: unknown setting %q (want standard or eigenrisicodrager)", s)
}

// Rule is one retention term.
type Rule struct {
	Kind Kind
	// Policy is the employer setting the rule applies to; empty for all.
	Policy Policy
	Years  int
	// Start names the day the term starts.
	Start string
	// Basis is the legal basis of the term.
	Basis string
}

// rules are the terms. The legal basis:
//
//   - AVG (GDPR) art. 5(1)(e), storage limitation: personal data are kept no
//     longer than needed for their purpose. Absence data are data about
//     health (art. 9 AVG, art. 30 UAVG).
//   - Autoriteit Persoonsgegevens, Beleidsregels "De zieke werknemer"
//     (2016) and its guidance on absence records: an
//     employer keeps absence data as a rule no longer than 2 years after the
//     absence ended.
//   - An employer that is eigenrisicodrager for the Ziektewet (art. 63a ZW)
//     or the WGA (art. 82 Wet WIA) pays the benefit itself and answers to
//     UWV for it; the Autoriteit Persoonsgegevens' guidance is that it keeps
//     the absence data 5 years.
//   - The employee record in this application is kept for absence
//     management only, so it goes 2 years after employment ended, like the
//     personnel file, unless an absence case of the employee is still kept.
//     Payroll and tax records (7 years, art. 52 AWR) are not kept here.
var rules = []Rule{
	{AbsenceCase, Standard, 2, "the day of full recovery",
		"AVG art. 5(1)(e); Autoriteit Persoonsgegevens, Beleidsregels De zieke werknemer: as a rule 2 years after the absence ended"},
	{AbsenceCase, Eigenrisicodrager, 5, "the day of full recovery",
		"eigenrisicodrager Ziektewet (art. 63a ZW) or WGA (art. 82 Wet WIA): Autoriteit Persoonsgegevens guidance, 5 years"},
	{EmployeeRecord, "", 2, "the day after employment ended, once no case of the employee is still kept",
		"AVG art. 5(1)(e); Autoriteit Persoonsgegevens: personnel data 2 years after employment ended"},
}

// Rules returns the retention terms.
func Rules() []Rule { return append([]Rule(nil), rules...) }

// RuleFor returns the term for records of kind k at an employer with
// setting p; an unknown setting gets the default.
func RuleFor(k Kind, p Policy) Rule {
	if !p.Valid() {
		p = Standard
	}
	for _, r := range rules {
		if r.Kind == k && (r.Policy == "" || r.Policy == p) {
			return r
		}
	}
	panic("retention: no rule for " + string(k))
}

// Reason says why a record is or is not due.
type Reason string

// The reasons.
const (
	Expired  Reason = "expired"   // the term has expired: due
	Open     Reason = "open"      // the absence has no full recovery
	InTerm   Reason = "in_term"   // the term runs until Verdict.Expires
	Employed Reason = "employed"  // the employment has not ended
	CaseKept Reason = "case_kept" // an absence case of the employee is still kept
	// Chained: the absence is added up with a later one that is still
	// open (samentelling); it is kept as long as that one.
	Chained Reason = "chained"
	// NotFound is not decided here: the store reports it for a record that
	// does not exist (any more) or belongs to another employer.
	NotFound Reason = "not_found"
)

// MessageID is the id of the reason's text in the page catalogue.
func (r Reason) MessageID() string { return "absence.retention.reason." + string(r) }

// Verdict is what the rules say about one record on one day.
type Verdict struct {
	Due bool
	// Expires is the first day the record is due; zero while no term runs
	// (an open absence, an employment that has not ended).
	Expires date.Date
	Reason  Reason
}

// Case is what the rules need of an absence.
type Case struct {
	ID           string
	FirstSickDay date.Date
	// RecoveredOn is the day of full recovery; zero while the absence is
	// open, also after a partial recovery.
	RecoveredOn date.Date
	// Chained is set by AddedUp for an absence added up with others; its
	// term then runs from ChainBack, the day the whole chain ended (zero
	// while an absence of the chain is open).
	Chained   bool
	ChainBack date.Date
}

// AddedUp marks the absences of one employee that are added up with others
// (samentelling, package poortwachter): their days count in the timeline of
// the later ones, so each is kept as long as the last absence of its chain.
// cases are returned in the same order.
func AddedUp(cases []Case) []Case {
	periods := make([]poortwachter.Period, len(cases))
	for i, c := range cases {
		periods[i] = poortwachter.Period{ID: c.ID, First: c.FirstSickDay, Back: c.RecoveredOn}
	}
	back := map[string]date.Date{}
	for _, ch := range poortwachter.Chains(periods) {
		if !ch.Added() {
			continue
		}
		for _, p := range ch.Periods {
			back[p.ID] = ch.Back()
		}
	}
	out := make([]Case, len(cases))
	for i, c := range cases {
		if b, ok := back[c.ID]; ok {
			c.Chained, c.ChainBack = true, b
		}
		out[i] = c
	}
	return out
}

// Employee is what the rules need of an employee record.
type Employee struct {
	EmploymentEnd date.Date // the last day of employment; zero: still employed
	Cases         []Case    // every absence case of the employee
}

// CaseVerdict applies the term for absence cases under setting p.
func CaseVerdict(p Policy, c Case, today date.Date) Verdict {
	start := c.RecoveredOn
	switch {
	case start.IsZero():
		return Verdict{Reason: Open}
	case c.Chained && c.ChainBack.IsZero():
		return Verdict{Reason: Chained}
	case c.Chained && c.ChainBack.After(start):
		start = c.ChainBack
	}
	return verdict(addYears(start, RuleFor(AbsenceCase, p).Years), today)
}

// EmployeeVerdict applies the term for employee records under setting p:
// due once the employment term has expired and every case of the employee
// is due. Expires is then the later of the two.
func EmployeeVerdict(p Policy, e Employee, today date.Date) Verdict {
	if e.EmploymentEnd.IsZero() {
		return Verdict{Reason: Employed}
	}
	expires := addYears(e.EmploymentEnd.AddDays(1), RuleFor(EmployeeRecord, p).Years)
	kept := false
	for _, c := range e.Cases {
		v := CaseVerdict(p, c, today)
		switch {
		case v.Reason == Open, v.Reason == Chained:
			return Verdict{Reason: CaseKept}
		case !v.Due:
			kept = true
		}
		if v.Expires.After(expires) {
			expires = v.Expires
		}
	}
	v := verdict(expires, today)
	if kept {
		v.Reason = CaseKept
	}
	return v
}

func verdict(expires, today date.Date) Verdict {
	if today.Before(expires) {
		return Verdict{Expires: expires, Reason: InTerm}
	}
	return Verdict{Due: true, Expires: expires, Reason: Expired}
}

// addYears returns the same calendar day n years after d; 29 February
// becomes 1 March in a year without it.
func addYears(d date.Date, n int) date.Date {
	y, m, day := d.Time().Date()
	return date.New(y+n, m, day)
}
