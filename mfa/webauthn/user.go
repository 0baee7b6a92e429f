package webauthn

import (
	"errors"

	gowebauthn "github.com/go-webauthn/webauthn/webauthn"
)

// User is the account a ceremony is for.
type User struct {
	ID          string // our user id; its bytes are the WebAuthn user handle
	Name        string // e.g. the email address, shown by some authenticators
	DisplayName string // empty means Name
	Credentials []Credential
}

// libUser presents a User to go-webauthn.
type libUser struct {
	u     User
	creds []gowebauthn.Credential
}

func newLibUser(u User) libUser {
	creds := make([]gowebauthn.Credential, len(u.Credentials))
	for i, c := range u.Credentials {
		creds[i] = c.toLibrary()
	}
	return libUser{u: u, creds: creds}
}

func (l libUser) WebAuthnID() []byte   { return []byte(l.u.ID) }
func (l libUser) WebAuthnName() string { return l.u.Name }
func (l libUser) WebAuthnDisplayName() string {
	if l.u.DisplayName == "" {
		return l.u.Name
	}
	return l.u.DisplayName
}
func (l libUser) WebAuthnCredentials() []gowebauthn.Credential { return l.creds }

// checkUser rejects a user go-webauthn cannot start a ceremony for.
func checkUser(u User) error {
	if u.ID == "" || len(u.ID) > 64 {
		return errors.New("webauthn: user id must be 1 to 64 bytes")
	}
	return nil
}
