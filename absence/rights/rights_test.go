package rights

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"

	"github.com/mijnaccount/mijnaccount/account"
)

// TestRightsAreTheIdPsRights keeps the application's rights and domain
// maxima equal to those of Mijn Account.
func TestRightsAreTheIdPsRights(t *testing.T) {
	if got, want := strs(All()), account.AppRights(); !slices.Equal(got, want) {
		t.Fatalf("rights %v, Mijn Account has %v", got, want)
	}
	for _, d := range account.Domains() {
		if !Domain(d).Valid() {
			t.Errorf("domain %s unknown here", d)
		}
		if got, want := strs(Maximum(Domain(d))), account.DomainMaximum(d); !slices.Equal(got, want) {
			t.Errorf("%s: maximum %v, Mijn Account has %v", d, got, want)
		}
	}
	if len(Domains()) != len(account.Domains()) {
		t.Errorf("domains %v, Mijn Account has %v", Domains(), account.Domains())
	}
}

// TestEveryBuiltinRoleInEveryDomain checks, for each builtin role of Mijn
// Account (platform roles included) in each domain, that a token naming that
// role gives exactly the rights Mijn Account computes for it.
func TestEveryBuiltinRoleInEveryDomain(t *testing.T) {
	for _, role := range account.BuiltinRoles() {
		for _, d := range account.Domains() {
			t.Run(role.Domain+"/"+role.Name+"@"+string(d), func(t *testing.T) {
				want := account.EffectiveRights([]account.Role{role}, d)
				got := Effective(Domain(d), []string{role.Name}).Strings()
				if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
					t.Errorf("rights %v, want %v", got, want)
				}
				if role.Domain != string(d) && len(got) != 0 {
					t.Errorf("a role of domain %s grants %v in %s", role.Domain, got, d)
				}
			})
		}
	}
}

// TestEveryKnownRoleIsBuiltin refuses role names the IdP does not issue.
func TestEveryKnownRoleIsBuiltin(t *testing.T) {
	for _, r := range Roles() {
		found := false
		for _, b := range account.BuiltinRoles() {
			if b.Domain == string(r.Domain) && b.Name == r.Name {
				found = true
				if !slices.Equal(strs(r.Rights), b.Rights) {
					t.Errorf("%s/%s: rights %v, Mijn Account has %v", r.Domain, r.Name, r.Rights, b.Rights)
				}
			}
		}
		if !found {
			t.Errorf("%s/%s is not a builtin role of Mijn Account", r.Domain, r.Name)
		}
	}
}

func TestEffective(t *testing.T) {
	cases := []struct {
		name   string
		domain Domain
		roles  []string
		want   []Right
	}{
		{"no roles", Werkgever, nil, nil},
		{"unknown role", Werkgever, []string{"beheerder"}, nil},
		{"platform role", Werkgever, []string{"org-admin", "auditor"}, nil},
		{"unknown domain", Domain("gemeente"), []string{"hr"}, nil},
		{"empty domain", Domain(""), []string{"contactpersoon"}, nil},
		{"union", Werkgever, []string{"werknemer", "leidinggevende"}, []Right{EmployeeView, SickReport, RecoveryReport, DossierView}},
		{"union with duplicates", Werkgever, []string{"hr", "hr", "werknemer"}, []Right{EmployeeView, EmployeeEdit, SickReport, RecoveryReport, DossierView, StatisticsView, ImportRun}},
		{"role of another domain ignored", Arbodienst, []string{"planner", "contactpersoon"}, []Right{EmployeeView, DossierView}},
		{"medical only for bedrijfsarts", Bedrijfsarts, []string{"bedrijfsarts"}, []Right{EmployeeView, RecoveryReport, DossierView, DossierMedicalView, StatisticsView}},
		{"a bedrijfsarts role name in an arbodienst grants nothing", Arbodienst, []string{"bedrijfsarts"}, nil},
		{"case matters", Werkgever, []string{"HR"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Effective(c.domain, c.roles)
			if !slices.Equal(got.List(), c.want) {
				t.Errorf("Effective = %v, want %v", got.List(), c.want)
			}
			if got.Empty() != (len(c.want) == 0) {
				t.Errorf("Empty = %v", got.Empty())
			}
		})
	}
}

// TestOnlyContactpersoonManagesRelations: the employer decides which
// provider sees its employees, through the role contactpersoon only; no
// provider domain can ever hold relation.manage.
func TestOnlyContactpersoonManagesRelations(t *testing.T) {
	for _, role := range Roles() {
		want := role.Domain == Werkgever && role.Name == "contactpersoon"
		if got := Effective(role.Domain, []string{role.Name}).Has(RelationManage); got != want {
			t.Errorf("%s/%s holds relation.manage = %v, want %v", role.Domain, role.Name, got, want)
		}
	}
	for _, d := range Domains() {
		if got := slices.Contains(Maximum(d), RelationManage); got != d.IsEmployer() {
			t.Errorf("%s: relation.manage in maximum = %v", d, got)
		}
	}
}

func TestOnlyBedrijfsartsCanSeeMedical(t *testing.T) {
	for _, d := range Domains() {
		has := slices.Contains(Maximum(d), DossierMedicalView)
		if has != (d == Bedrijfsarts) {
			t.Errorf("%s: medical right in maximum = %v", d, has)
		}
	}
}

func TestMatrixCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMatrixCSV(&buf); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+len(Roles()) {
		t.Fatalf("%d records", len(recs))
	}
	if len(recs[0]) != 2+len(All()) || recs[0][2] != "employee.view" {
		t.Fatalf("header %v", recs[0])
	}
	for _, rec := range recs[1:] {
		if rec[0] == "verzekeraar" && rec[1] == "schadebehandelaar" {
			want := []string{"ja", "-", "-", "-", "ja", "-", "ja", "-", "-", "-"}
			if !slices.Equal(rec[2:], want) {
				t.Errorf("schadebehandelaar %v, want %v", rec[2:], want)
			}
			return
		}
	}
	t.Error("no schadebehandelaar row")
}

func strs(rs []Right) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

func TestTeamOnly(t *testing.T) {
	for _, tc := range []struct {
		domain Domain
		roles  []string
		want   bool
	}{
		{Werkgever, []string{"leidinggevende"}, true},
		{Werkgever, []string{"leidinggevende", "werknemer"}, true},
		{Werkgever, []string{"leidinggevende", "hr"}, false},
		{Werkgever, []string{"contactpersoon", "leidinggevende"}, false},
		{Werkgever, []string{"hr"}, false},
		{Werkgever, []string{"werknemer"}, false},
		{Werkgever, nil, false},
		// The role name in another domain is not the team role.
		{Arbodienst, []string{"leidinggevende"}, false},
		{Arbodienst, []string{"casemanager"}, false},
	} {
		if got := TeamOnly(tc.domain, tc.roles); got != tc.want {
			t.Errorf("TeamOnly(%s, %v) = %v, want %v", tc.domain, tc.roles, got, tc.want)
		}
	}
}
