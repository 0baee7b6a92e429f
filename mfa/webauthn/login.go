package webauthn

import (
	"context"
	"fmt"

	"github.com/go-webauthn/webauthn/protocol"
	gowebauthn "github.com/go-webauthn/webauthn/webauthn"
)

// LoginResult is a verified login.
type LoginResult struct {
	CredentialID []byte // the key that signed
	// SignCount is the key's counter to store. When CloneWarning is set it is
	// the stored count, unchanged, so a lower counter is never stored.
	SignCount uint32
	// CloneWarning: the key's signature counter did not increase (and is not
	// zero on both sides), so the key may have been cloned. The caller audits
	// this and refuses the login; this package does not.
	CloneWarning bool
	// UsedAppID: a legacy U2F key answered through Config.U2FAppID.
	UsedAppID bool
}

// BeginLogin starts a login with one of u's security keys; it returns
// ErrNoCredentials when u has none. With Config.U2FAppID set and a legacy U2F
// key among u's keys, the options carry the appid extension.
func (s *Service) BeginLogin(ctx context.Context, u User) (Ceremony, error) {
	if err := checkUser(u); err != nil {
		return Ceremony{}, err
	}
	if len(u.Credentials) == 0 {
		return Ceremony{}, ErrNoCredentials
	}
	opts := []gowebauthn.LoginOption{gowebauthn.WithUserVerification(protocol.VerificationDiscouraged)}
	if s.appID != "" {
		// go-webauthn drops the extension again unless one of the allowed
		// keys has the fido-u2f attestation format.
		opts = append(opts, gowebauthn.WithAssertionExtensions(gowebauthn.WithExtensionAppID(s.appID)))
	}
	assertion, session, err := s.wa.BeginLogin(newLibUser(u), opts...)
	if err != nil {
		return Ceremony{}, fmt.Errorf("webauthn: begin login: %w", err)
	}
	return s.begin(ctx, kindLogin, u, assertion, session)
}

// FinishLogin verifies the browser's response (the PublicKeyCredential JSON
// from navigator.credentials.get) to ceremony ceremonyID begun for u. On
// success the caller stores result.SignCount for result.CredentialID, and must
// check result.CloneWarning. The ceremony is used up whatever the outcome.
func (s *Service) FinishLogin(ctx context.Context, ceremonyID string, u User, response []byte) (LoginResult, error) {
	rec, err := s.take(ctx, ceremonyID, kindLogin, u.ID)
	if err != nil {
		return LoginResult{}, err
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(response)
	if err != nil {
		return LoginResult{}, invalidResponse(err)
	}
	cred, err := s.wa.ValidateLogin(newLibUser(u), rec.Session, parsed)
	if err != nil {
		return LoginResult{}, invalidResponse(err)
	}
	// The same rule go-webauthn verified the assertion with: the client says
	// it used the AppID, the ceremony asked for it, and the key is a U2F one.
	appID, err := parsed.GetAppID(rec.Session.Extensions, cred.AttestationFormat)
	if err != nil {
		return LoginResult{}, invalidResponse(err)
	}
	return LoginResult{
		CredentialID: cred.ID,
		SignCount:    cred.Authenticator.SignCount,
		CloneWarning: cred.Authenticator.CloneWarning,
		UsedAppID:    appID != "",
	}, nil
}
