package webauthn

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/go-webauthn/webauthn/protocol"
	gowebauthn "github.com/go-webauthn/webauthn/webauthn"
)

// BeginRegistration starts adding a security key for u. The options exclude
// u's registered keys (and, with a U2F AppID, legacy U2F keys registered
// under it), so the browser refuses a key that is already registered.
func (s *Service) BeginRegistration(ctx context.Context, u User) (Ceremony, error) {
	if err := checkUser(u); err != nil {
		return Ceremony{}, err
	}
	lu := newLibUser(u)
	opts := []gowebauthn.RegistrationOption{
		gowebauthn.WithExclusions(gowebauthn.Credentials(lu.creds).CredentialDescriptors()),
	}
	if s.appID != "" {
		// go-webauthn drops appidExclude again unless an excluded key is a
		// fido-u2f one.
		opts = append(opts, gowebauthn.WithExtensions(gowebauthn.WithExtensionAppIDExclude(s.appID)))
	}
	creation, session, err := s.wa.BeginRegistration(lu, opts...)
	if err != nil {
		return Ceremony{}, fmt.Errorf("webauthn: begin registration: %w", err)
	}
	return s.begin(ctx, kindRegistration, u, creation, session)
}

// FinishRegistration verifies the browser's response (the PublicKeyCredential
// JSON from navigator.credentials.create) to ceremony ceremonyID begun for u,
// and returns the new key for the caller to store. The ceremony is used up
// whatever the outcome.
func (s *Service) FinishRegistration(ctx context.Context, ceremonyID string, u User, response []byte) (Credential, error) {
	rec, err := s.take(ctx, ceremonyID, kindRegistration, u.ID)
	if err != nil {
		return Credential{}, err
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(response)
	if err != nil {
		return Credential{}, invalidResponse(err)
	}
	created, err := s.wa.CreateCredential(newLibUser(u), rec.Session, parsed)
	if err != nil {
		return Credential{}, invalidResponse(err)
	}
	for _, c := range u.Credentials {
		if bytes.Equal(c.ID, created.ID) {
			return Credential{}, invalidResponse(errors.New("the key is already registered for this user"))
		}
	}
	return fromLibrary(created), nil
}
