package authz

import (
	"slices"
	"time"
)

// ClaimBirthdate is the OpenID Connect standard claim birthdate (Core 5.1):
// the user's birth date written YYYY-MM-DD.
const ClaimBirthdate = "birthdate"

// userOnlyClaims are the identity claims that go into the ID token and
// userinfo, for the client itself, but not into the access token, which
// travels on to resource servers: today only birthdate, under the profile
// scope, for a user whose birth date is known.
func (id Identity) userOnlyClaims(scopes []string) map[string]any {
	c := map[string]any{}
	if !slices.Contains(scopes, ScopeProfile) || id.User.BirthDate == "" {
		return c
	}
	if _, err := time.Parse(time.DateOnly, id.User.BirthDate); err == nil {
		c[ClaimBirthdate] = id.User.BirthDate
	}
	return c
}
