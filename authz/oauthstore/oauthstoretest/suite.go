// Package oauthstoretest is the conformance suite of the fosite storage in
// oauthstore: RunStoreTests runs named sub-tests, each on a fresh, empty
// store, against the contracts fosite v0.49.0 documents and relies on.
package oauthstoretest

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/ory/fosite"
	"github.com/ory/fosite/handler/oauth2"
	"github.com/ory/fosite/handler/openid"
	"github.com/ory/fosite/handler/pkce"
	fositestorage "github.com/ory/fosite/storage"
	"github.com/ory/fosite/token/jwt"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// Store is what the suite exercises: fosite's storage contracts plus client
// administration, bulk revocation and cleanup.
type Store interface {
	fosite.ClientManager
	oauth2.CoreStorage
	oauth2.TokenRevocationStorage
	openid.OpenIDConnectRequestStorage
	pkce.PKCERequestStorage
	fositestorage.Transactional

	CreateClient(ctx context.Context, c oauthstore.Client) (oauthstore.Client, error)
	GetOAuthClient(ctx context.Context, id string) (oauthstore.Client, error)
	ListClients(ctx context.Context) ([]oauthstore.Client, error)
	UpdateClient(ctx context.Context, id string, fn func(oauthstore.Client) (oauthstore.Client, error)) (oauthstore.Client, error)
	DeleteClient(ctx context.Context, id string) error
	SetClientSecret(ctx context.Context, id string, hash []byte) error
	RevokeSubject(ctx context.Context, subject string) error
	RevokeSession(ctx context.Context, sid string) error
	EndSession(ctx context.Context, sid string) error
	RevokeClientTokens(ctx context.Context, clientID string) error
	Cleanup(ctx context.Context, before time.Time) (int64, error)
}

// SessionID reads the login session id the suite puts in its sessions (the
// "sid" extra claim of an openid.Session). newStore must configure the store
// with it (oauthstore.WithSessionID(SessionID)).
func SessionID(s fosite.Session) string {
	if os, ok := s.(openid.Session); ok && os.IDTokenClaims() != nil {
		sid, _ := os.IDTokenClaims().Extra["sid"].(string)
		return sid
	}
	return ""
}

// RunStoreTests runs the conformance suite. newStore must return a new, empty
// store (migrations applied) on every call, configured with SessionID.
func RunStoreTests(t *testing.T, newStore func(t *testing.T) Store) {
	tests := []struct {
		name string
		run  func(t *testing.T, s Store)
	}{
		{"ClientCreateGetList", testClientCreateGetList},
		{"ClientDuplicate", testClientDuplicate},
		{"ClientValidation", testClientValidation},
		{"ClientNotFound", testClientNotFound},
		{"ClientSecret", testClientSecret},
		{"ClientUpdate", testClientUpdate},
		{"ClientDeleteRevokesTokens", testClientDeleteRevokesTokens},
		{"AuthorizeCode", testAuthorizeCode},
		{"AuthorizeCodeInvalidateOnce", testAuthorizeCodeInvalidateOnce},
		{"AccessToken", testAccessToken},
		{"RefreshToken", testRefreshToken},
		{"PKCE", testPKCE},
		{"OpenIDConnectSession", testOpenIDConnectSession},
		{"SessionRoundTrip", testSessionRoundTrip},
		{"FormWithoutCredentials", testFormWithoutCredentials},
		{"RevokeByRequestID", testRevokeByRequestID},
		{"RefreshRotationAndReuse", testRefreshRotationAndReuse},
		{"RefreshRotateOnce", testRefreshRotateOnce},
		{"Transaction", testTransaction},
		{"JTIReplay", testJTIReplay},
		{"Cleanup", testCleanup},
		{"RevokeSubject", testRevokeSubject},
		{"RevokeSession", testRevokeSession},
		{"EndSession", testEndSession},
		{"RevokeClientTokens", testRevokeClientTokens},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, newStore(t))
		})
	}
}

func ctx(t *testing.T) context.Context { return t.Context() }

// webClient returns a valid confidential client with the given id.
func webClient(t *testing.T, id string) oauthstore.Client {
	t.Helper()
	hash, err := oauthstore.HashSecret("secret-of-" + id)
	if err != nil {
		t.Fatal(err)
	}
	return oauthstore.Client{
		ID:           id,
		Name:         "Verzuim " + id,
		SecretHash:   hash,
		RedirectURIs: []string{"https://" + id + ".example.nl/callback"},
		GrantTypes:   []string{oauthstore.GrantAuthorizationCode, oauthstore.GrantRefreshToken},
		Scopes:       []string{"openid", "offline_access", "profile"},
	}
}

// mustClient stores a valid confidential client or fails the test.
func mustClient(t *testing.T, s Store, id string) *oauthstore.Client {
	t.Helper()
	c, err := s.CreateClient(ctx(t), webClient(t, id))
	if err != nil {
		t.Fatalf("CreateClient(%q): %v", id, err)
	}
	return &c
}

// newSession returns a session of user subject in login session sid whose
// tokens expire at exp (access, refresh and code alike).
func newSession(subject, sid string, exp time.Time) *openid.DefaultSession {
	now := time.Now().UTC().Truncate(time.Second)
	s := &openid.DefaultSession{
		Claims: &jwt.IDTokenClaims{
			Issuer:                          "https://login.example.nl",
			Subject:                         subject,
			Audience:                        []string{"web"},
			Nonce:                           "n-0S6_WzA2Mj",
			AuthTime:                        now.Add(-time.Minute),
			RequestedAt:                     now,
			AuthenticationMethodsReferences: []string{"pwd", "otp"},
			Extra:                           map[string]any{"sid": sid, "org": "werkgever-1"},
		},
		Headers:  &jwt.Headers{Extra: map[string]any{"kid": "es256-1"}},
		Subject:  subject,
		Username: subject + "@example.nl",
	}
	for _, tt := range []fosite.TokenType{fosite.AuthorizeCode, fosite.AccessToken, fosite.RefreshToken} {
		s.SetExpiresAt(tt, exp)
	}
	return s
}

// newRequest returns a request of client with id and session.
func newRequest(client fosite.Client, id string, sess fosite.Session) *fosite.Request {
	r := fosite.NewRequest()
	r.ID = id
	r.Client = client
	r.RequestedAt = time.Now().UTC().Truncate(time.Second)
	r.RequestedScope = fosite.Arguments{"openid", "offline_access", "profile"}
	r.GrantedScope = fosite.Arguments{"openid", "offline_access"}
	r.RequestedAudience = fosite.Arguments{"https://api.example.nl"}
	r.GrantedAudience = fosite.Arguments{"https://api.example.nl"}
	r.Form = url.Values{
		"redirect_uri": {"https://web.example.nl/callback"},
		"nonce":        {"n-0S6_WzA2Mj"},
		"scope":        {"openid offline_access profile"},
	}
	r.Session = sess
	return r
}

// hour is a comfortable expiry for tokens that should stay valid.
func hour() time.Time { return time.Now().UTC().Add(time.Hour).Truncate(time.Second) }

// wantErr fails unless errors.Is(err, target).
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error, want %v", what, target)
	}
	if !errors.Is(err, target) {
		t.Fatalf("%s: error %q is not %v", what, err, target)
	}
}

// must fails the test on err.
func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// sessionOf returns the openid session of r or fails the test.
func sessionOf(t *testing.T, r fosite.Requester) *openid.DefaultSession {
	t.Helper()
	if r == nil {
		t.Fatal("no request returned")
	}
	s, ok := r.GetSession().(*openid.DefaultSession)
	if !ok {
		t.Fatalf("session is %T, want *openid.DefaultSession", r.GetSession())
	}
	return s
}
