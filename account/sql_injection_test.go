package account_test

import (
	"testing"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestSQLMetacharactersAreData: quotes, comments and statement separators in
// names and addresses are stored and read back as text, and find nothing but
// themselves, on both databases: every query is parameterised (ASVS 5.0
// 1.2.4).
func TestSQLMetacharactersAreData(t *testing.T) {
	const hostile = `x'); DROP TABLE users; -- " \ %_ $1 ' OR '1'='1`
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			s := account.NewSQLStore(open(t))
			ctx := t.Context()
			org, err := s.CreateOrg(ctx, account.Org{Name: hostile, Domain: account.Werkgever})
			if err != nil {
				t.Fatal(err)
			}
			email := "o'brien--@example.nl"
			u, err := s.CreateUser(ctx, account.User{Email: email, Name: hostile, OrgID: org.ID, Status: account.StatusActive}, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.GetUserByEmail(ctx, email)
			if err != nil || got.ID != u.ID || got.Name != hostile {
				t.Fatalf("read back %+v, %v", got, err)
			}
			if _, err := s.GetUserByEmail(ctx, `' OR '1'='1`); err == nil {
				t.Fatal("an injected condition found a user")
			}
			orgs, err := s.ListOrgs(ctx)
			if err != nil || len(orgs) != 1 || orgs[0].Name != hostile {
				t.Fatalf("organisations after the hostile name: %+v, %v", orgs, err)
			}
			users, err := s.ListUsers(ctx, org.ID)
			if err != nil || len(users) != 1 {
				t.Fatalf("users table after the hostile name: %d, %v", len(users), err)
			}
		})
	}
}
