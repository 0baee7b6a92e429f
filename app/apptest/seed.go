package apptest

import (
	"context"
	"testing"

	"github.com/mijnaccount/mijnaccount/account"
)

// Org creates an organisation in domain.
func (e *Env) Org(t *testing.T, name string, domain account.Domain, mutate ...func(*account.Org)) account.Org {
	t.Helper()
	o := account.Org{Name: name, Domain: domain}
	for _, m := range mutate {
		m(&o)
	}
	o, err := e.App.Accounts.CreateOrg(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// User creates an active user with password pw (not to be changed), roles,
// an authenticator app and a recovery code; Browser.Login answers the app's
// code question for it.
func (e *Env) User(t *testing.T, org account.Org, email, pw string, roles ...string) account.User {
	t.Helper()
	u := e.UserWithoutFactor(t, org, email, pw, roles...)
	e.GiveTOTP(t, u)
	return u
}

// UserWithoutFactor creates an active user with password pw and roles and no
// second factor: the first login goes through the enrolment wizard. The user
// stands for one who accepted an invitation, so the address counts as
// proven by it (email_verified).
// Tests of unproven addresses make users through the real paths.
func (e *Env) UserWithoutFactor(t *testing.T, org account.Org, email, pw string, roles ...string) account.User {
	t.Helper()
	hash, err := e.App.Hasher.Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	u, err := e.App.Accounts.CreateUser(context.Background(), account.User{
		Email: email, Name: "Test Gebruiker", OrgID: org.ID, Status: account.StatusActive, PasswordHash: hash, Lang: "nl",
		EmailVerifiedAt: e.Clock.Now(), EmailVerifiedBy: account.EmailByInvitation,
	}, roles)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Reload reads a user again.
func (e *Env) Reload(t *testing.T, u account.User) account.User {
	t.Helper()
	u, err := e.App.Accounts.GetUser(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
