package oauthstore_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ory/fosite"
	"github.com/ory/fosite/compose"
	"github.com/ory/fosite/handler/openid"
	"github.com/ory/fosite/token/jwt"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

const (
	issuer      = "https://login.example.nl"
	webRedirect = "https://verzuim.example.nl/callback"
)

// harness is fosite composed over a Store on a fresh SQLite database, with a
// confidential web client ("web") and a client-credentials client ("batch").
type harness struct {
	provider  fosite.OAuth2Provider
	store     *oauthstore.Store
	key       *ecdsa.PrivateKey
	webSecret string
	batch     string // secret of "batch"
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	store := oauthstore.New(storagetest.OpenSQLite(t), nil)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	globalSecret := make([]byte, 32)
	if _, err := rand.Read(globalSecret); err != nil {
		t.Fatal(err)
	}
	cfg := &fosite.Config{
		AccessTokenLifespan:            time.Hour,
		RefreshTokenLifespan:           24 * time.Hour,
		AuthorizeCodeLifespan:          10 * time.Minute,
		IDTokenLifespan:                time.Hour,
		IDTokenIssuer:                  issuer,
		TokenURL:                       issuer + "/oauth2/token",
		GlobalSecret:                   globalSecret,
		EnforcePKCE:                    true,
		EnablePKCEPlainChallengeMethod: false,
		ClientSecretsHasher:            oauthstore.SecretHasher{},
		ScopeStrategy:                  fosite.ExactScopeStrategy,
		AudienceMatchingStrategy:       fosite.DefaultAudienceMatchingStrategy,
		SendDebugMessagesToClients:     true,
	}
	keyGetter := func(context.Context) (any, error) { return key, nil }
	strategy := &compose.CommonStrategy{
		CoreStrategy:               compose.NewOAuth2HMACStrategy(cfg),
		OpenIDConnectTokenStrategy: compose.NewOpenIDConnectStrategy(keyGetter, cfg),
		Signer:                     &jwt.DefaultSigner{GetPrivateKey: keyGetter},
	}
	// Order matters: PKCE needs the code the code handler makes, and a
	// replayed code must reach the code handler (which revokes its tokens)
	// before PKCE finds the challenge gone.
	provider := compose.Compose(cfg, store, strategy,
		compose.OAuth2AuthorizeExplicitFactory,
		compose.OAuth2RefreshTokenGrantFactory,
		compose.OAuth2ClientCredentialsGrantFactory,
		compose.OAuth2PKCEFactory,
		compose.OpenIDConnectExplicitFactory,
		compose.OAuth2TokenRevocationFactory,
		compose.OAuth2TokenIntrospectionFactory,
	)
	h := &harness{provider: provider, store: store, key: key}
	h.webSecret = h.client(t, oauthstore.Client{
		ID: "web", Name: "Verzuimportaal", RedirectURIs: []string{webRedirect},
		GrantTypes: []string{oauthstore.GrantAuthorizationCode, oauthstore.GrantRefreshToken},
		Scopes:     []string{"openid", "offline_access", "profile"},
	})
	h.batch = h.client(t, oauthstore.Client{
		ID: "batch", Name: "Batch import", GrantTypes: []string{oauthstore.GrantClientCredentials},
		Scopes: []string{"absence.import"}, TokenEndpointAuthMethod: oauthstore.AuthClientSecretPost,
	})
	return h
}

// client stores c with a new secret and returns the secret.
func (h *harness) client(t *testing.T, c oauthstore.Client) string {
	t.Helper()
	secret, err := oauthstore.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	if c.SecretHash, err = oauthstore.HashSecret(secret); err != nil {
		t.Fatal(err)
	}
	if _, err := h.store.CreateClient(t.Context(), c); err != nil {
		t.Fatalf("CreateClient(%s): %v", c.ID, err)
	}
	return secret
}

// userSession is the session of a logged-in user, as the login handler will
// hand it to fosite.
func userSession(subject string) *openid.DefaultSession {
	now := time.Now().UTC()
	return &openid.DefaultSession{
		Claims: &jwt.IDTokenClaims{
			Subject: subject, AuthTime: now, RequestedAt: now,
			AuthenticationMethodsReferences: []string{"pwd", "otp"},
			Extra:                           map[string]any{"sid": "login-1"},
		},
		Headers: &jwt.Headers{Extra: map[string]any{}},
		Subject: subject,
	}
}

// verifier returns a PKCE code verifier and its S256 challenge.
func verifier(t *testing.T) (string, string) {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	v := base64.RawURLEncoding.EncodeToString(b)
	sum := sha256.Sum256([]byte(v))
	return v, base64.RawURLEncoding.EncodeToString(sum[:])
}

// authorize runs the authorization endpoint for "web" with extra query
// parameters (PKCE) and returns the code, or the error fosite reports.
func (h *harness) authorize(t *testing.T, extra url.Values) (string, error) {
	t.Helper()
	ctx := t.Context()
	q := url.Values{
		"response_type": {"code"}, "client_id": {"web"}, "redirect_uri": {webRedirect},
		"scope": {"openid offline_access"}, "state": {"state-0123456789"}, "nonce": {"nonce-0123456789"},
	}
	for k, v := range extra {
		q[k] = v
	}
	r := httptest.NewRequest(http.MethodGet, issuer+"/oauth2/auth?"+q.Encode(), nil)
	ar, err := h.provider.NewAuthorizeRequest(ctx, r)
	if err != nil {
		return "", err
	}
	for _, s := range ar.GetRequestedScopes() {
		ar.GrantScope(s)
	}
	resp, err := h.provider.NewAuthorizeResponse(ctx, ar, userSession("user-1"))
	if err != nil {
		return "", err
	}
	code := resp.GetParameters().Get("code")
	if code == "" {
		t.Fatalf("authorization response has no code: %v", resp.GetParameters())
	}
	return code, nil
}

// token runs the token endpoint with form, authenticating as user:pass with
// HTTP Basic when user is set (else the form carries the credentials).
func (h *harness) token(t *testing.T, form url.Values, user, pass string) (fosite.AccessResponder, error) {
	t.Helper()
	ctx := t.Context()
	r := httptest.NewRequest(http.MethodPost, issuer+"/oauth2/token", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if user != "" {
		r.SetBasicAuth(url.QueryEscape(user), url.QueryEscape(pass))
	}
	ar, err := h.provider.NewAccessRequest(ctx, r, &openid.DefaultSession{})
	if err != nil {
		return nil, err
	}
	if ar.GetGrantTypes().ExactOne("client_credentials") {
		for _, s := range ar.GetRequestedScopes() {
			ar.GrantScope(s)
		}
	}
	return h.provider.NewAccessResponse(ctx, ar)
}

// exchange redeems a code for "web".
func (h *harness) exchange(t *testing.T, code, verifier string) (fosite.AccessResponder, error) {
	t.Helper()
	return h.token(t, url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"redirect_uri": {webRedirect}, "code_verifier": {verifier}}, "web", h.webSecret)
}

// refresh uses a refresh token of "web".
func (h *harness) refresh(t *testing.T, refreshToken string) (fosite.AccessResponder, error) {
	t.Helper()
	return h.token(t, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}}, "web", h.webSecret)
}

// active reports whether fosite's introspection accepts token as tu.
func (h *harness) active(t *testing.T, token string, tu fosite.TokenUse) bool {
	t.Helper()
	_, _, err := h.provider.IntrospectToken(t.Context(), token, tu, &openid.DefaultSession{})
	return err == nil
}

// revoke runs the revocation endpoint for a token of "web".
func (h *harness) revoke(t *testing.T, token string) error {
	t.Helper()
	form := url.Values{"token": {token}}
	r := httptest.NewRequest(http.MethodPost, issuer+"/oauth2/revoke", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.SetBasicAuth("web", url.QueryEscape(h.webSecret))
	return h.provider.NewRevocationRequest(t.Context(), r)
}

// refreshToken returns the refresh token of a token response.
func refreshToken(t *testing.T, resp fosite.AccessResponder) string {
	t.Helper()
	rt, _ := resp.GetExtra("refresh_token").(string)
	if rt == "" {
		t.Fatal("token response has no refresh token")
	}
	return rt
}
