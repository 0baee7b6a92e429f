package rights

import (
	"slices"
	"strings"
)

// Right is one permission in the absence application.
type Right string

// The rights of the absence application. The ids are those Mijn Account uses.
const (
	EmployeeView       Right = "employee.view"
	EmployeeEdit       Right = "employee.edit"
	SickReport         Right = "sick.report"
	RecoveryReport     Right = "recovery.report"
	DossierView        Right = "dossier.view"
	DossierMedicalView Right = "dossier.medical.view"
	StatisticsView     Right = "statistics.view"
	ImportRun          Right = "import.run"
	RetentionDelete    Right = "retention.delete"
	// RelationManage: record and end the employer's service relations,
	// which decide which provider sees its employees.
	RelationManage Right = "relation.manage"
)

// All returns every right in a stable order.
func All() []Right {
	return []Right{
		EmployeeView, EmployeeEdit, SickReport, RecoveryReport,
		DossierView, DossierMedicalView, StatisticsView, ImportRun, RetentionDelete,
		RelationManage,
	}
}

// MessageID is the id of the right's description in the page catalogue.
func (r Right) MessageID() string { return "absence.right." + strings.ReplaceAll(string(r), ".", "_") }

// Domain is the kind of organisation, as in the "domain" claim.
type Domain string

// The domains.
const (
	Werkgever    Domain = "werkgever"
	Arbodienst   Domain = "arbodienst"
	Bedrijfsarts Domain = "bedrijfsarts"
	Verzekeraar  Domain = "verzekeraar"
)

// Domains returns every domain in a stable order.
func Domains() []Domain { return []Domain{Werkgever, Arbodienst, Bedrijfsarts, Verzekeraar} }

// Valid reports whether d is a known domain.
func (d Domain) Valid() bool { return slices.Contains(Domains(), d) }

// IsEmployer reports whether d is the employer domain, which registers its
// own employees; the other domains serve employers.
func (d Domain) IsEmployer() bool { return d == Werkgever }

// MessageID is the id of the domain's name in the page catalogue.
func (d Domain) MessageID() string { return "absence.domain." + string(d) }

// maxima are the most a user of each domain can hold.
var maxima = map[Domain][]Right{
	Werkgever:    {EmployeeView, EmployeeEdit, SickReport, RecoveryReport, DossierView, StatisticsView, ImportRun, RetentionDelete, RelationManage},
	Arbodienst:   {EmployeeView, SickReport, RecoveryReport, DossierView, StatisticsView},
	Bedrijfsarts: {EmployeeView, RecoveryReport, DossierView, DossierMedicalView, StatisticsView},
	Verzekeraar:  {EmployeeView, DossierView, StatisticsView},
}

// Maximum returns the rights a user of domain d may hold at most, in the
// order of All; nil for an unknown domain.
func Maximum(d Domain) []Right { return slices.Clone(maxima[d]) }

// Role is a role name of one domain with the rights it stands for.
type Role struct {
	Domain Domain
	Name   string
	Rights []Right
	// Team: the role sees only the employees of the user's own team (the
	// employees whose leidinggevende the user is), with their absences.
	Team bool
}

// roles are the role names Mijn Account issues, per domain.
var roles = []Role{
	{Werkgever, "contactpersoon", maxima[Werkgever], false},
	{Werkgever, "leidinggevende", []Right{EmployeeView, SickReport, RecoveryReport, DossierView}, true},
	{Werkgever, "hr", []Right{EmployeeView, EmployeeEdit, SickReport, RecoveryReport, DossierView, StatisticsView, ImportRun}, false},
	{Werkgever, "werknemer", []Right{SickReport, RecoveryReport}, false},
	{Arbodienst, "casemanager", maxima[Arbodienst], false},
	{Arbodienst, "planner", []Right{EmployeeView, DossierView}, false},
	{Bedrijfsarts, "bedrijfsarts", maxima[Bedrijfsarts], false},
	{Verzekeraar, "schadebehandelaar", maxima[Verzekeraar], false},
}

// Roles returns the known roles in a stable order (by domain as in Domains,
// then as listed). The slices are copies.
func Roles() []Role {
	out := make([]Role, 0, len(roles))
	for _, d := range Domains() {
		for _, r := range roles {
			if r.Domain == d {
				out = append(out, Role{Domain: r.Domain, Name: r.Name, Rights: slices.Clone(r.Rights), Team: r.Team})
			}
		}
	}
	return out
}

// RoleRights returns the rights role name stands for in domain d, bounded by
// the domain's maximum; nil when the name is unknown in d.
func RoleRights(d Domain, name string) []Right {
	for _, r := range roles {
		if r.Domain == d && r.Name == name {
			return intersect(r.Rights, maxima[d])
		}
	}
	return nil
}

// Effective returns the rights of a user of domain d holding roleNames: the
// union of the roles' rights, intersected with the domain maximum. An unknown
// domain grants nothing.
func Effective(d Domain, roleNames []string) Set {
	held := map[Right]bool{}
	for _, name := range roleNames {
		for _, r := range RoleRights(d, name) {
			held[r] = true
		}
	}
	var s Set
	for _, r := range maxima[d] {
		if held[r] {
			s.list = append(s.list, r)
		}
	}
	return s
}

// TeamOnly reports whether a user of domain d holding roleNames sees only
// their own team: at least one of the roles sees employees or dossiers, and
// every such role is a team role (leidinggevende). A user who also holds a
// role that sees the whole organisation (hr, contactpersoon) is not limited;
// roles that see no employees (werknemer) change nothing.
func TeamOnly(d Domain, roleNames []string) bool {
	team := false
	for _, name := range roleNames {
		for _, r := range roles {
			if r.Domain != d || r.Name != name {
				continue
			}
			if !slices.ContainsFunc(intersect(r.Rights, maxima[d]), func(x Right) bool { return x == EmployeeView || x == DossierView }) {
				continue
			}
			if !r.Team {
				return false
			}
			team = true
		}
	}
	return team
}

// HoldsTeamRole reports whether roleNames hold a team role of domain d.
func HoldsTeamRole(d Domain, roleNames []string) bool {
	for _, r := range roles {
		if r.Domain == d && r.Team && slices.Contains(roleNames, r.Name) {
			return true
		}
	}
	return false
}

func intersect(a, bound []Right) []Right {
	var out []Right
	for _, r := range bound {
		if slices.Contains(a, r) {
			out = append(out, r)
		}
	}
	return out
}

// Set is a set of rights. The zero value is empty and grants nothing.
type Set struct {
	list []Right // in the order of All, no duplicates
}

// NewSet returns the set of the given rights that exist; unknown ones are dropped.
func NewSet(rs ...Right) Set {
	var s Set
	for _, r := range All() {
		if slices.Contains(rs, r) {
			s.list = append(s.list, r)
		}
	}
	return s
}

// Has reports whether r is in the set.
func (s Set) Has(r Right) bool { return slices.Contains(s.list, r) }

// Any reports whether any of rs is in the set.
func (s Set) Any(rs ...Right) bool {
	for _, r := range rs {
		if s.Has(r) {
			return true
		}
	}
	return false
}

// Empty reports whether the set grants nothing.
func (s Set) Empty() bool { return len(s.list) == 0 }

// List returns the rights in the order of All.
func (s Set) List() []Right { return slices.Clone(s.list) }

// Strings returns the rights as strings, in the order of All.
func (s Set) Strings() []string {
	out := make([]string, len(s.list))
	for i, r := range s.list {
		out[i] = string(r)
	}
	return out
}
