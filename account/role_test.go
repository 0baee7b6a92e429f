package account

import (
	"errors"
	"strings"
	"testing"
)

func TestBuiltinRolesValid(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range BuiltinRoles() {
		if err := ValidateRole(r); err != nil {
			t.Errorf("builtin %s: %v", r.ID, err)
		}
		if seen[r.ID] {
			t.Errorf("builtin %s defined twice", r.ID)
		}
		seen[r.ID] = true
	}
	for _, id := range []string{"werkgever/contactpersoon", "werkgever/leidinggevende", "werkgever/hr", "werkgever/werknemer",
		"arbodienst/casemanager", "arbodienst/planner", "bedrijfsarts/bedrijfsarts", "verzekeraar/schadebehandelaar",
		"platform/org-admin", "platform/helpdesk", "platform/finance", "platform/auditor"} {
		if !seen[id] {
			t.Errorf("builtin %s missing", id)
		}
	}
}

func TestValidateRole(t *testing.T) {
	role := func(domain, name string, rights ...string) Role {
		return Role{ID: RoleID(domain, name), Name: name, Domain: domain, Rights: rights}
	}
	for _, tc := range []struct {
		name    string
		role    Role
		wantErr string // "" for a valid role; else a part of the message
	}{
		{"custom werkgever role", role("werkgever", "verzuim", RightEmployeeView, RightStatisticsView), ""},
		{"no rights", role("verzekeraar", "leeg"), ""},
		{"platform role", role(PlatformDomain, "support", RightHelpdeskAct, RightAuditRead), ""},
		{"no domain", role("", "zwever", RightEmployeeView), "role without a domain grants nothing"},
		{"unknown domain", role("ziekenhuis", "arts", RightEmployeeView), "role without a domain grants nothing"},
		{"medical right for werkgever", role("werkgever", "arts", RightDossierMedicalView),
			`right "dossier.medical.view" is outside the maximum of domain werkgever`},
		{"edit for verzekeraar", role("verzekeraar", "x1", RightEmployeeEdit),
			`right "employee.edit" is outside the maximum of domain verzekeraar`},
		{"platform right in domain role", role("arbodienst", "beheer", RightUsersInvite),
			`"users.invite" is a platform right and cannot be in a role of domain arbodienst`},
		{"app right in platform role", role(PlatformDomain, "kijker", RightEmployeeView),
			`"employee.view" belongs to the absence application`},
		{"unknown right", role("werkgever", "raar", "coffee.make"), `unknown right "coffee.make"`},
		{"duplicate right", role("werkgever", "dubbel", RightEmployeeView, RightEmployeeView), "listed twice"},
		{"upper-case name", role("werkgever", "HR", RightEmployeeView), "role name"},
		{"one-letter name", role("werkgever", "h", RightEmployeeView), "role name"},
		{"name with space", role("werkgever", "h r", RightEmployeeView), "role name"},
		{"long name", role("werkgever", "a"+strings.Repeat("b", 40)), "role name"},
		{"wrong id", Role{ID: "werkgever/x", Name: "hr", Domain: "werkgever"}, `must be "werkgever/hr"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateRole(tc.role)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("ValidateRole: %v", err)
				}
				return
			}
			if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("ValidateRole = %v, want ErrInvalid containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestCanAssign(t *testing.T) {
	for _, r := range BuiltinRoles() {
		err := CanAssign(r, Werkgever)
		ok := r.Domain == PlatformDomain || r.Domain == string(Werkgever)
		if ok && err != nil {
			t.Errorf("%s refused for a werkgever user: %v", r.ID, err)
		}
		if !ok && (!errors.Is(err, ErrCrossDomain) || !errors.Is(err, ErrInvalid) ||
			!strings.Contains(err.Error(), "belongs to domain "+r.Domain)) {
			t.Errorf("%s for a werkgever user: %v, want ErrCrossDomain naming the domains", r.ID, err)
		}
	}
}

func TestParseDomain(t *testing.T) {
	for in, want := range map[string]Domain{"werkgever": Werkgever, " Arbodienst ": Arbodienst, "BEDRIJFSARTS": Bedrijfsarts, "verzekeraar": Verzekeraar} {
		if got, err := ParseDomain(in); err != nil || got != want {
			t.Errorf("ParseDomain(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "platform", "ziekenhuis"} {
		if _, err := ParseDomain(in); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseDomain(%q) = %v, want ErrInvalid", in, err)
		}
	}
}
