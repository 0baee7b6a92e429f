package oidclogin_test

import (
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/oidclogin/oidctest"
)

// TestLoginTakesBirthdateAndEmailVerified: the standard claims birthdate
// and email_verified reach the identity; a birthdate that is not a full
// date, or claims of another type, are dropped without refusing the login.
func TestLoginTakesBirthdateAndEmailVerified(t *testing.T) {
	cases := []struct {
		name         string
		birth        any // nil: no claim
		verified     any
		wantBirth    string
		wantVerified bool
	}{
		{"a full date and a verified address", "1985-04-12", true, "1985-04-12", true},
		{"no birthdate and an unverified address", nil, false, "", false},
		{"a year only is dropped", "1985", true, "", true},
		{"a date without its year is dropped", "0000-04-12", true, "", true},
		{"a Dutch date is dropped", "12-04-1985", true, "", true},
		{"an impossible date is dropped", "1985-02-30", true, "", true},
		{"a number is dropped", 19850412, "true", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			iss := oidctest.New(t, "absence", "geheim")
			c := oidctest.DefaultClaims()
			delete(c, "birthdate")
			if tc.birth != nil {
				c["birthdate"] = tc.birth
			}
			c["email_verified"] = tc.verified
			iss.SetClaims(c)
			id, err := login(t, newClient(t, iss), iss)
			if err != nil {
				t.Fatalf("login refused: %v", err)
			}
			if id.BirthDate != tc.wantBirth || id.EmailVerified != tc.wantVerified {
				t.Fatalf("birth date %q verified %v, want %q %v", id.BirthDate, id.EmailVerified, tc.wantBirth, tc.wantVerified)
			}
		})
	}
}
