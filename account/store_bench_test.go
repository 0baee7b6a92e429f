package account_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// BenchmarkGetUserByEmail measures the lookup at the start of every
// password login, on each SQL backend, among 1,000 users.
func BenchmarkGetUserByEmail(b *testing.B) {
	for name, open := range storagetest.Backends() {
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			s := account.NewSQLStore(open(b))
			org, err := s.CreateOrg(ctx, account.Org{Name: "Bench BV", Domain: account.Werkgever})
			if err != nil {
				b.Fatal(err)
			}
			for i := range 1000 {
				if _, err := s.CreateUser(ctx, account.User{Email: fmt.Sprintf("u%d@bench.example", i), Name: "Bench Gebruiker",
					OrgID: org.ID, Status: account.StatusActive, Lang: "nl"}, nil); err != nil {
					b.Fatal(err)
				}
			}
			i := 0
			for b.Loop() {
				if _, err := s.GetUserByEmail(ctx, fmt.Sprintf("u%d@bench.example", i%1000)); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
