package account

import "github.com/mijnaccount/mijnaccount/account/password"

// PasswordPolicy is the organisation's policy for new passwords.
func (o Org) PasswordPolicy() password.Policy {
	pol := password.Policy{MinLength: o.PasswordMinLength, MaxLength: password.DefaultMaxLength}
	if o.PasswordRequireClasses {
		pol.RequireClasses = 3
	}
	return pol
}

// CheckNewPassword applies the organisation's policy to a new password for
// the user with email, plus the repeat check, and returns translatable
// problems (none when the password is acceptable).
func (o Org) CheckNewPassword(email, pw, repeat string) []password.Message {
	problems := o.PasswordPolicy().Check(pw, email)
	if pw != repeat {
		problems = append(problems, password.Message{ID: "password.mismatch"})
	}
	return problems
}
