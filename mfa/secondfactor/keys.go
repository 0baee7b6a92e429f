package secondfactor

import (
	"encoding/json"

	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/webauthn"
)

// keyUser is the step's user with the security keys the ceremony may use:
// the usable ones for a login, all of them to exclude at registration.
func keyUser(s *step, factors []mfa.Factor) (webauthn.User, map[string]mfa.Factor) {
	u := webauthn.User{ID: s.user.ID, Name: s.user.Email, DisplayName: s.user.Name}
	byID := map[string]mfa.Factor{}
	for _, f := range factors {
		if f.Kind != mfa.KindWebAuthn {
			continue
		}
		var c webauthn.Credential
		if json.Unmarshal(f.Credential, &c) != nil {
			continue // unreadable record: never usable
		}
		c.SignCount = f.SignCount
		u.Credentials = append(u.Credentials, c)
		byID[webauthn.CredentialIDString(c.ID)] = f
	}
	return u, byID
}
