package account

import (
	"slices"
	"testing"
)

func TestDomainMaxima(t *testing.T) {
	want := map[Domain][]string{
		Werkgever: {RightEmployeeView, RightEmployeeEdit, RightSickReport, RightRecoveryReport, RightDossierView,
			RightStatisticsView, RightImportRun, RightRetentionDelete, RightRelationManage},
		Arbodienst:   {RightEmployeeView, RightSickReport, RightRecoveryReport, RightDossierView, RightStatisticsView},
		Bedrijfsarts: {RightEmployeeView, RightRecoveryReport, RightDossierView, RightDossierMedicalView, RightStatisticsView},
		Verzekeraar:  {RightEmployeeView, RightDossierView, RightStatisticsView},
	}
	for _, d := range Domains() {
		if got := DomainMaximum(d); !slices.Equal(got, want[d]) {
			t.Errorf("DomainMaximum(%s) = %v, want %v", d, got, want[d])
		}
	}
	if slices.Contains(DomainMaximum(Werkgever), RightDossierMedicalView) {
		t.Error("werkgever must never see medical dossier data")
	}
	if DomainMaximum("ziekenhuis") != nil {
		t.Error("unknown domain has a maximum")
	}
}

// TestEffectiveRightsBuiltins checks every builtin role in every domain: a
// role counts only in its own domain, and never beyond the domain maximum.
func TestEffectiveRightsBuiltins(t *testing.T) {
	for _, r := range BuiltinRoles() {
		for _, d := range Domains() {
			got := EffectiveRights([]Role{r}, d)
			var want []string
			if r.Domain == string(d) {
				for _, right := range AppRights() {
					if slices.Contains(r.Rights, right) && slices.Contains(DomainMaximum(d), right) {
						want = append(want, right)
					}
				}
				if !sameSet(want, r.Rights) {
					t.Errorf("builtin %s holds rights outside its domain maximum: %v", r.ID, r.Rights)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("EffectiveRights(%s, %s) = %v, want %v", r.ID, d, got, want)
			}
		}
	}
}

func TestEffectiveRightsNamedRoles(t *testing.T) {
	roles := map[string]Role{}
	for _, r := range BuiltinRoles() {
		roles[r.ID] = r
	}
	for _, tc := range []struct {
		roles  []string
		domain Domain
		want   []string
	}{
		{[]string{"werkgever/contactpersoon"}, Werkgever, DomainMaximum(Werkgever)},
		{[]string{"werkgever/werknemer"}, Werkgever, []string{RightSickReport, RightRecoveryReport}},
		{[]string{"werkgever/werknemer", "werkgever/leidinggevende"}, Werkgever,
			[]string{RightEmployeeView, RightSickReport, RightRecoveryReport, RightDossierView}},
		{[]string{"werkgever/hr"}, Werkgever, []string{RightEmployeeView, RightEmployeeEdit, RightSickReport,
			RightRecoveryReport, RightDossierView, RightStatisticsView, RightImportRun}},
		{[]string{"arbodienst/casemanager"}, Arbodienst, DomainMaximum(Arbodienst)},
		{[]string{"arbodienst/planner"}, Arbodienst, []string{RightEmployeeView, RightDossierView}},
		{[]string{"bedrijfsarts/bedrijfsarts"}, Bedrijfsarts, DomainMaximum(Bedrijfsarts)},
		{[]string{"verzekeraar/schadebehandelaar"}, Verzekeraar, DomainMaximum(Verzekeraar)},
		{[]string{"bedrijfsarts/bedrijfsarts"}, Werkgever, nil}, // no medical data through a foreign role
		{[]string{"platform/org-admin", "platform/auditor"}, Werkgever, nil},
	} {
		var in []Role
		for _, id := range tc.roles {
			in = append(in, roles[id])
		}
		if got := EffectiveRights(in, tc.domain); !slices.Equal(got, tc.want) {
			t.Errorf("EffectiveRights(%v, %s) = %v, want %v", tc.roles, tc.domain, got, tc.want)
		}
	}
}

func TestEffectiveRightsCapsStoredExcess(t *testing.T) {
	// A role stored before a maximum shrank still grants no more than it.
	r := Role{ID: "werkgever/oud", Name: "oud", Domain: string(Werkgever), Rights: []string{RightDossierMedicalView, RightEmployeeView, RightAuditRead}}
	if got := EffectiveRights([]Role{r}, Werkgever); !slices.Equal(got, []string{RightEmployeeView}) {
		t.Fatalf("EffectiveRights = %v", got)
	}
	if got := EffectiveRights([]Role{{Rights: []string{RightEmployeeView}}}, Werkgever); got != nil {
		t.Fatalf("role without a domain granted %v", got)
	}
}

func TestEffectivePlatformRights(t *testing.T) {
	var roles []Role
	for _, r := range BuiltinRoles() {
		if r.Domain == PlatformDomain || r.ID == "werkgever/contactpersoon" {
			roles = append(roles, r)
		}
	}
	if got := EffectivePlatformRights(roles); !slices.Equal(got, PlatformRights()) {
		t.Fatalf("EffectivePlatformRights = %v, want %v", got, PlatformRights())
	}
	helpdesk := Role{ID: "platform/helpdesk", Domain: PlatformDomain, Rights: []string{RightHelpdeskAct}}
	if got := EffectivePlatformRights([]Role{helpdesk}); !slices.Equal(got, []string{RightHelpdeskAct}) {
		t.Fatalf("helpdesk rights = %v", got)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
