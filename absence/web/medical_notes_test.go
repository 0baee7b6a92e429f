package web

import (
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/absence/session"
	"github.com/mijnaccount/mijnaccount/absence/store"
)

// TestNoteReach: a medical note is read by the practice that serves the
// employer today or by the practice that wrote it, by nobody else.
func TestNoteReach(t *testing.T) {
	today := date.MustParse("2026-06-15")
	ended := registration.Relation{Provider: "arts-a", Employer: "wg", Start: date.MustParse("2026-01-01"), End: date.MustParse("2026-06-14")}
	active := registration.Relation{Provider: "arts-b", Employer: "wg", Start: date.MustParse("2026-06-15")}
	arbo := registration.Relation{Provider: "arbo", Employer: "wg", Start: date.MustParse("2026-01-01")}
	rels := []registration.Relation{ended, active, arbo}
	user := func(org string, d rights.Domain, role string) (principal, reach) {
		p := newPrincipal(session.Session{Subject: "u-" + org, Org: org, Domain: string(d), Roles: []string{role}})
		return p, reach{viewer: p.Viewer(), relations: rels, today: today}
	}
	byA := store.MedicalNote{ID: "MN-A", AuthorOrg: "arts-a"}
	byB := store.MedicalNote{ID: "MN-B", AuthorOrg: "arts-b"}
	for _, tc := range []struct {
		name string
		org  string
		dom  rights.Domain
		role string
		note store.MedicalNote
		want bool
	}{
		{"serving practice, its own note", "arts-b", rights.Bedrijfsarts, "bedrijfsarts", byB, true},
		{"serving practice, the earlier practice's note", "arts-b", rights.Bedrijfsarts, "bedrijfsarts", byA, true},
		{"ended practice, the serving practice's note", "arts-a", rights.Bedrijfsarts, "bedrijfsarts", byB, false},
		{"ended practice, its own note", "arts-a", rights.Bedrijfsarts, "bedrijfsarts", byA, true},
		{"practice that never served", "arts-c", rights.Bedrijfsarts, "bedrijfsarts", byB, false},
		{"arbodienst that serves", "arbo", rights.Arbodienst, "casemanager", byB, false},
		{"employer", "wg", rights.Werkgever, "contactpersoon", byB, false},
	} {
		p, rc := user(tc.org, tc.dom, tc.role)
		if got := noteReach(p, rc, "wg", tc.note); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
