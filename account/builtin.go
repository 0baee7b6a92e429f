package account

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// BuiltinRoles returns the roles Mijn Account defines, in a stable order.
// EnsureBuiltinRoles stores them.
func BuiltinRoles() []Role {
	r := func(domain, name string, rights ...string) Role {
		return Role{ID: RoleID(domain, name), Name: name, Domain: domain, Rights: rights, Builtin: true}
	}
	w, a, b, v := string(Werkgever), string(Arbodienst), string(Bedrijfsarts), string(Verzekeraar)
	return []Role{
		r(w, "contactpersoon", DomainMaximum(Werkgever)...),
		r(w, "leidinggevende", RightEmployeeView, RightSickReport, RightRecoveryReport, RightDossierView),
		r(w, "hr", RightEmployeeView, RightEmployeeEdit, RightSickReport, RightRecoveryReport,
			RightDossierView, RightStatisticsView, RightImportRun),
		r(w, "werknemer", RightSickReport, RightRecoveryReport),
		r(a, "casemanager", DomainMaximum(Arbodienst)...),
		r(a, "planner", RightEmployeeView, RightDossierView),
		r(b, "bedrijfsarts", DomainMaximum(Bedrijfsarts)...),
		r(v, "schadebehandelaar", DomainMaximum(Verzekeraar)...),
		r(PlatformDomain, "org-admin", RightUsersInvite, RightUsersBlock, RightRolesAssign, RightFactorsResetRequest),
		r(PlatformDomain, "helpdesk", RightHelpdeskAct),
		r(PlatformDomain, "finance", RightReportsSMSView),
		r(PlatformDomain, "auditor", RightAuditRead),
	}
}

// EnsureBuiltinRoles creates the builtin roles that are missing and brings
// the rights of stored builtin roles in line with BuiltinRoles. It is
// idempotent and safe when several processes start at once. A custom role
// that holds a builtin role's id is an error: rename it first.
func EnsureBuiltinRoles(ctx context.Context, s RoleStore) error {
	for _, want := range BuiltinRoles() {
		err := s.CreateRole(ctx, want)
		if err == nil {
			continue
		}
		if !errors.Is(err, ErrAlreadyExists) {
			return fmt.Errorf("builtin role %s: %w", want.ID, err)
		}
		_, err = s.UpdateRole(ctx, want.ID, func(old Role) (Role, error) {
			if !old.Builtin {
				return old, fmt.Errorf("builtin role %s: a custom role with this id exists; rename it", want.ID)
			}
			return want, nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// sameRole reports whether a and b are equal.
func sameRole(a, b Role) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Domain == b.Domain && a.Builtin == b.Builtin && slices.Equal(a.Rights, b.Rights)
}
