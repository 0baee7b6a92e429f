package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/mijnaccount/mijnaccount/account"
)

// DemoPassword is the password of every seeded demo user. It exists only in
// databases that `mijnaccount demo` seeded.
const DemoPassword = "Demo-wachtwoord-2026"

// DemoLogin is one seeded user.
type DemoLogin struct {
	Org   string `json:"org"`
	Email string `json:"email"`
	Roles string `json:"roles"`
}

// SeedDemo fills an empty database with one organisation per domain (the
// employer billed through the arbodienst) and a user in each. It does
// nothing when any organisation exists, so a demo database keeps its state.
func (a *App) SeedDemo(ctx context.Context) ([]DemoLogin, error) {
	orgs, err := a.Accounts.ListOrgs(ctx)
	if err != nil || len(orgs) > 0 {
		return nil, err
	}
	hash, err := a.Hasher.Hash(DemoPassword)
	if err != nil {
		return nil, err
	}
	arbo, err := a.Accounts.CreateOrg(ctx, account.Org{Name: "Arbodienst Gezond Werk", Domain: account.Arbodienst, BillingCustomer: true})
	if err != nil {
		return nil, err
	}
	seeds := []struct {
		org   account.Org
		email string
		name  string
		roles []string
	}{
		{account.Org{Name: "Bakkerij De Korrel", Domain: account.Werkgever, ParentID: arbo.ID}, "werkgever@demo.example", "Anna de Vries", []string{"werkgever/contactpersoon", "platform/org-admin"}},
		{arbo, "casemanager@demo.example", "Piet Jansen", []string{"arbodienst/casemanager"}},
		{account.Org{Name: "Bedrijfsartsenpraktijk Noord", Domain: account.Bedrijfsarts}, "bedrijfsarts@demo.example", "Dr. Fatima El Amrani", []string{"bedrijfsarts/bedrijfsarts"}},
		{account.Org{Name: "Verzekeraar Zeker", Domain: account.Verzekeraar}, "verzekeraar@demo.example", "Kees Bakker", []string{"verzekeraar/schadebehandelaar"}},
	}
	var out []DemoLogin
	for _, s := range seeds {
		org := s.org
		if org.ID == "" {
			if org, err = a.Accounts.CreateOrg(ctx, org); err != nil {
				return nil, err
			}
		}
		if _, err := a.Accounts.CreateUser(ctx, account.User{Email: s.email, Name: s.name, OrgID: org.ID,
			Status: account.StatusActive, PasswordHash: hash, Lang: "nl"}, s.roles); err != nil {
			return nil, fmt.Errorf("demo user %s: %w", s.email, err)
		}
		out = append(out, DemoLogin{Org: org.Name, Email: s.email, Roles: strings.Join(s.roles, ", ")})
	}
	return out, nil
}
