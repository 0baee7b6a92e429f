package registration

import (
	"slices"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/rights"
)

var d = date.MustParse

func TestEmployerSeesOnlyItsOwnEmployees(t *testing.T) {
	v := Viewer{Org: "werkgever-a", Domain: rights.Werkgever}
	today := d("2026-05-01")
	if !CanSeeEmployee(v, "werkgever-a", nil, nil, today) {
		t.Error("an employer must see an employee who was never sick")
	}
	if CanSeeEmployee(v, "werkgever-b", nil, []Period{{Start: d("2026-04-01")}}, today) {
		t.Error("an employer sees another employer's employee")
	}
	// A relation naming the employer as provider changes nothing.
	rel := []Relation{{Provider: "werkgever-a", Employer: "werkgever-b", Start: d("2026-01-01")}}
	if CanSeeEmployee(v, "werkgever-b", rel, []Period{{Start: d("2026-04-01")}}, today) {
		t.Error("an employer reached another employer through a relation")
	}
	if CanSeeEmployee(Viewer{Domain: rights.Werkgever}, "", nil, nil, today) {
		t.Error("an empty org matched")
	}
}

// TestProviderSeesEmployeeOnlyWithinRelationAndWhenSick is the negative
// registration of the arbodienst (and the other serving domains).
func TestProviderSeesEmployeeOnlyWithinRelationAndWhenSick(t *testing.T) {
	relation := Relation{ID: "r1", Provider: "arbo", Employer: "wg", Start: d("2026-01-01"), End: d("2026-06-30")}
	cases := []struct {
		name      string
		viewer    Viewer
		relations []Relation
		absences  []Period
		today     string
		want      bool
	}{
		{"sick now, relation holds", Viewer{"arbo", rights.Arbodienst}, []Relation{relation}, []Period{{Start: d("2026-03-01")}}, "2026-03-10", true},
		{"never sick", Viewer{"arbo", rights.Arbodienst}, []Relation{relation}, nil, "2026-03-10", false},
		{"sick earlier within the relation, recovered", Viewer{"arbo", rights.Arbodienst}, []Relation{relation}, []Period{{Start: d("2026-02-01"), End: d("2026-02-10")}}, "2026-03-10", true},
		{"sick only before the relation", Viewer{"arbo", rights.Arbodienst}, []Relation{relation}, []Period{{Start: d("2025-11-01"), End: d("2025-12-20")}}, "2026-03-10", false},
		{"sick from before the relation into it", Viewer{"arbo", rights.Arbodienst}, []Relation{relation}, []Period{{Start: d("2025-12-01"), End: d("2026-01-05")}}, "2026-03-10", true},
		{"relation ended", Viewer{"arbo", rights.Arbodienst}, []Relation{relation}, []Period{{Start: d("2026-03-01")}}, "2026-07-01", false},
		{"last day of the relation", Viewer{"arbo", rights.Arbodienst}, []Relation{relation}, []Period{{Start: d("2026-03-01")}}, "2026-06-30", true},
		{"relation not started yet", Viewer{"arbo", rights.Arbodienst}, []Relation{{Provider: "arbo", Employer: "wg", Start: d("2026-04-01")}}, []Period{{Start: d("2026-03-01")}}, "2026-03-10", false},
		{"open-ended relation", Viewer{"arbo", rights.Arbodienst}, []Relation{{Provider: "arbo", Employer: "wg", Start: d("2026-01-01")}}, []Period{{Start: d("2026-03-01")}}, "2030-01-01", true},
		{"another provider's relation", Viewer{"arbo-2", rights.Arbodienst}, []Relation{relation}, []Period{{Start: d("2026-03-01")}}, "2026-03-10", false},
		{"relation with another employer", Viewer{"arbo", rights.Arbodienst}, []Relation{{Provider: "arbo", Employer: "wg-2", Start: d("2026-01-01")}}, []Period{{Start: d("2026-03-01")}}, "2026-03-10", false},
		{"bedrijfsarts with a relation", Viewer{"arts", rights.Bedrijfsarts}, []Relation{{Provider: "arts", Employer: "wg", Start: d("2026-01-01")}}, []Period{{Start: d("2026-03-01")}}, "2026-03-10", true},
		{"verzekeraar with a relation", Viewer{"verz", rights.Verzekeraar}, []Relation{{Provider: "verz", Employer: "wg", Start: d("2026-01-01")}}, []Period{{Start: d("2026-03-01")}}, "2026-03-10", true},
		{"unknown domain", Viewer{"arbo", rights.Domain("gemeente")}, []Relation{relation}, []Period{{Start: d("2026-03-01")}}, "2026-03-10", false},
		{"sick within an old relation, new relation holds", Viewer{"arbo", rights.Arbodienst},
			[]Relation{{Provider: "arbo", Employer: "wg", Start: d("2025-01-01"), End: d("2025-06-30")}, {Provider: "arbo", Employer: "wg", Start: d("2026-01-01")}},
			[]Period{{Start: d("2025-03-01"), End: d("2025-03-20")}}, "2026-03-10", true},
		{"sick between two relations", Viewer{"arbo", rights.Arbodienst},
			[]Relation{{Provider: "arbo", Employer: "wg", Start: d("2025-01-01"), End: d("2025-06-30")}, {Provider: "arbo", Employer: "wg", Start: d("2026-01-01")}},
			[]Period{{Start: d("2025-09-01"), End: d("2025-09-20")}}, "2026-03-10", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := CanSeeEmployee(c.viewer, "wg", c.relations, c.absences, d(c.today)); got != c.want {
				t.Errorf("CanSeeEmployee = %v, want %v", got, c.want)
			}
		})
	}
}

func TestCanSeeAbsenceFiltersPerAbsence(t *testing.T) {
	v := Viewer{"arbo", rights.Arbodienst}
	rel := []Relation{{Provider: "arbo", Employer: "wg", Start: d("2026-01-01")}}
	old := Period{Start: d("2025-05-01"), End: d("2025-05-10")}
	current := Period{Start: d("2026-02-01")}
	today := d("2026-03-01")
	if CanSeeAbsence(v, "wg", rel, old, today) {
		t.Error("an absence from before the relation is visible")
	}
	if !CanSeeAbsence(v, "wg", rel, current, today) {
		t.Error("the current absence is hidden")
	}
}

func TestServedEmployers(t *testing.T) {
	v := Viewer{"arbo", rights.Arbodienst}
	rel := []Relation{
		{Provider: "arbo", Employer: "wg-1", Start: d("2026-01-01")},
		{Provider: "arbo", Employer: "wg-2", Start: d("2025-01-01"), End: d("2025-12-31")},
		{Provider: "arbo", Employer: "wg-1", Start: d("2024-01-01"), End: d("2024-12-31")},
		{Provider: "other", Employer: "wg-3", Start: d("2026-01-01")},
	}
	if got := ServedEmployers(v, rel, d("2026-03-01")); !slices.Equal(got, []string{"wg-1"}) {
		t.Errorf("ServedEmployers = %v", got)
	}
	if got := ServedEmployers(Viewer{"wg-1", rights.Werkgever}, rel, d("2026-03-01")); got != nil {
		t.Errorf("an employer serves %v", got)
	}
}
