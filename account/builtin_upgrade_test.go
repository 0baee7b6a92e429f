package account_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestBuiltinRightsReachExistingDatabases: a database whose builtin
// contactpersoon role was stored before relation.manage existed gets the new
// right on the next start (EnsureBuiltinRoles), so its users hold it without
// a migration; hr, which lacks it by design, still does not.
func TestBuiltinRightsReachExistingDatabases(t *testing.T) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := account.NewSQLStore(open(t))
			if err := account.EnsureBuiltinRoles(ctx, s); err != nil {
				t.Fatal(err)
			}
			// The stored state of a release without relation.manage.
			old := slices.DeleteFunc(account.DomainMaximum(account.Werkgever), func(r string) bool { return r == account.RightRelationManage })
			if _, err := s.UpdateRole(ctx, "werkgever/contactpersoon", func(r account.Role) (account.Role, error) {
				r.Rights = old
				return r, nil
			}); err != nil {
				t.Fatal(err)
			}
			org, err := s.CreateOrg(ctx, account.Org{Name: "Bakkerij", Domain: account.Werkgever})
			if err != nil {
				t.Fatal(err)
			}
			contact, err := s.CreateUser(ctx, account.User{Email: "contact@bakkerij.example", Name: "Contact", OrgID: org.ID,
				Status: account.StatusActive}, []string{"werkgever/contactpersoon"})
			if err != nil {
				t.Fatal(err)
			}
			hr, err := s.CreateUser(ctx, account.User{Email: "hr@bakkerij.example", Name: "HR", OrgID: org.ID,
				Status: account.StatusActive}, []string{"werkgever/hr"})
			if err != nil {
				t.Fatal(err)
			}
			holds := func(userID string) bool {
				t.Helper()
				roles, err := s.UserRoles(ctx, userID, time.Now())
				if err != nil {
					t.Fatal(err)
				}
				return slices.Contains(account.EffectiveRights(roles, account.Werkgever), account.RightRelationManage)
			}
			if holds(contact.ID) {
				t.Fatal("the simulated old database already grants relation.manage")
			}
			if err := account.EnsureBuiltinRoles(ctx, s); err != nil {
				t.Fatal(err)
			}
			if !holds(contact.ID) {
				t.Error("contactpersoon lacks relation.manage after EnsureBuiltinRoles")
			}
			if holds(hr.ID) {
				t.Error("hr holds relation.manage")
			}
		})
	}
}
