// Package accounttest is the conformance suite every account.Store backend
// must pass, in the manner of Dex's storage/conformance: RunStoreTests runs
// named sub-tests, each on a fresh, empty store.
package accounttest

import (
	"context"
	"errors"
	"testing"

	"github.com/mijnaccount/mijnaccount/account"
)

// RunStoreTests runs the conformance suite. newStore must return a new,
// empty store (with migrations applied) on every call.
func RunStoreTests(t *testing.T, newStore func(t *testing.T) account.Store) {
	tests := []struct {
		name string
		run  func(t *testing.T, s account.Store)
	}{
		{"OrgCreateGetList", testOrgCreateGetList},
		{"OrgValidation", testOrgValidation},
		{"OrgUpdate", testOrgUpdate},
		{"OrgTreeBillingCustomer", testOrgTreeBillingCustomer},
		{"OrgDescendants", testOrgDescendants},
		{"OrgCycleRefused", testOrgCycleRefused},
		{"OrgDomainChangeWithRoles", testOrgDomainChangeWithRoles},
		{"UserCreateGetByEmail", testUserCreateGetByEmail},
		{"UserDuplicateEmail", testUserDuplicateEmail},
		{"UserCreateAtomic", testUserCreateAtomic},
		{"UserValidation", testUserValidation},
		{"UserUpdate", testUserUpdate},
		{"UserUpdateConcurrent", testUserUpdateConcurrent},
		{"UserMoveAcrossDomains", testUserMoveAcrossDomains},
		{"RoleBuiltinsIdempotent", testRoleBuiltinsIdempotent},
		{"RoleCustomValidation", testRoleCustomValidation},
		{"RoleCrossDomainRefused", testRoleCrossDomainRefused},
		{"UserRolesWindow", testUserRolesWindow},
		{"RevokeRole", testRevokeRole},
		{"NotFound", testNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, newStore(t))
		})
	}
}

func ctx(t *testing.T) context.Context { return t.Context() }

// mustOrg creates an organisation or fails the test.
func mustOrg(t *testing.T, s account.Store, o account.Org) account.Org {
	t.Helper()
	created, err := s.CreateOrg(ctx(t), o)
	if err != nil {
		t.Fatalf("CreateOrg(%q): %v", o.Name, err)
	}
	return created
}

// mustUser creates an active user in org or fails the test.
func mustUser(t *testing.T, s account.Store, orgID, email string, roleIDs ...string) account.User {
	t.Helper()
	u, err := s.CreateUser(ctx(t), account.User{Email: email, Name: "Test " + email, OrgID: orgID, Status: account.StatusActive}, roleIDs)
	if err != nil {
		t.Fatalf("CreateUser(%q): %v", email, err)
	}
	return u
}

// mustRoles ensures the builtin roles or fails the test.
func mustRoles(t *testing.T, s account.Store) {
	t.Helper()
	if err := account.EnsureBuiltinRoles(ctx(t), s); err != nil {
		t.Fatalf("EnsureBuiltinRoles: %v", err)
	}
}

// wantErr fails unless errors.Is(err, target) for every target.
func wantErr(t *testing.T, what string, err error, targets ...error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error, want %v", what, targets)
	}
	for _, target := range targets {
		if !errors.Is(err, target) {
			t.Fatalf("%s: error %q is not %v", what, err, target)
		}
	}
}

func roleIDs(roles []account.Role) []string {
	ids := make([]string, len(roles))
	for i, r := range roles {
		ids[i] = r.ID
	}
	return ids
}
