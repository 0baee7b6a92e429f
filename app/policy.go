package app

import (
	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/password"
)

// PasswordPolicy is the password policy of org.
func (a *App) PasswordPolicy(org account.Org) password.Policy {
	pol := password.Policy{MinLength: org.PasswordMinLength, MaxLength: 128}
	if org.PasswordRequireClasses {
		pol.RequireClasses = 3
	}
	return pol
}
