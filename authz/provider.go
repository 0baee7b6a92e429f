package authz

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-jose/go-jose/v3"
	"github.com/ory/fosite"
	"github.com/ory/fosite/compose"
	"github.com/ory/fosite/handler/oauth2"
	"github.com/ory/fosite/handler/openid"
	"github.com/ory/fosite/token/jwt"

	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
	"github.com/mijnaccount/mijnaccount/storage"
)

// Keys signs tokens and publishes the public keys.
type Keys interface {
	// Signer signs with the current key of alg ("ES256" or "RS256").
	Signer(alg string) jwt.Signer
	JWKS(ctx context.Context) (jose.JSONWebKeySet, error)
}

// LogoutNotifier tells relying parties that a login session ended.
type LogoutNotifier interface {
	NotifyAsync(ctx context.Context, subject, sid string)
}

// Options are the provider's dependencies and settings.
type Options struct {
	Issuer   string
	Store    *oauthstore.Store
	Keys     Keys
	Accounts Accounts
	Sessions *session.Manager
	Consents *ConsentStore
	KV       storage.KV
	Logout   LogoutNotifier // nil: no back-channel logout
	Pages    web.Renderer
	Audit    web.Auditor
	Log      *slog.Logger
	Now      func() time.Time
	// OnToken, when set, hears the outcome of every token request: the
	// grant type (authorization_code, refresh_token, client_credentials or
	// other) and "issued" or the RFC 6749 error code. For metrics.
	OnToken func(grantType, outcome string)

	AccessTokenTTL, IDTokenTTL, RefreshTokenTTL, CodeTTL time.Duration
	// TokenSecret keys the HMAC of codes and refresh tokens (>= 32 bytes).
	TokenSecret []byte
}

// Provider serves the OpenID Connect endpoints.
type Provider struct {
	opts   Options
	oauth  fosite.OAuth2Provider
	config *fosite.Config
	signer *algSigner
}

// New composes fosite with the handlers the provider supports: the
// authorization code with PKCE (S256 only, required), refresh tokens with
// rotation, client credentials, OpenID Connect, introspection, revocation.
// There is no implicit flow and no password grant.
func New(o Options) (*Provider, error) {
	if len(o.TokenSecret) < 32 {
		return nil, errors.New("authz: token secret must be at least 32 bytes")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	cfg := &fosite.Config{
		AccessTokenLifespan:            o.AccessTokenTTL,
		RefreshTokenLifespan:           o.RefreshTokenTTL,
		AuthorizeCodeLifespan:          o.CodeTTL,
		IDTokenLifespan:                o.IDTokenTTL,
		IDTokenIssuer:                  o.Issuer,
		AccessTokenIssuer:              o.Issuer,
		TokenURL:                       o.Issuer + "/oauth2/token",
		GlobalSecret:                   o.TokenSecret,
		EnforcePKCE:                    true,
		EnablePKCEPlainChallengeMethod: false,
		ScopeStrategy:                  fosite.ExactScopeStrategy,
		JWTScopeClaimKey:               jwt.JWTScopeFieldString,
		ClientSecretsHasher:            oauthstore.SecretHasher{},
		SendDebugMessagesToClients:     false,
		MinParameterEntropy:            fosite.MinParameterEntropy,
	}
	signer := &algSigner{keys: o.Keys}
	hmacStrategy := compose.NewOAuth2HMACStrategy(cfg)
	strategy := &compose.CommonStrategy{
		CoreStrategy: &tokenStrategy{
			jwt:  &oauth2.DefaultJWTStrategy{Signer: signer, HMACSHAStrategy: hmacStrategy, Config: cfg},
			hmac: hmacStrategy, signer: signer, now: o.Now,
			accessTTL: o.AccessTokenTTL, refreshTTL: o.RefreshTokenTTL,
		},
		OpenIDConnectTokenStrategy: &openid.DefaultStrategy{Signer: signer, Config: cfg},
		Signer:                     signer,
	}
	store := codeStorage{Store: o.Store, now: o.Now, codeTTL: o.CodeTTL}
	// The code handler comes before PKCE: a replayed code must be refused
	// (and its tokens revoked) before the verifier is looked at.
	p := compose.Compose(cfg, store, strategy,
		compose.OAuth2AuthorizeExplicitFactory,
		compose.OAuth2PKCEFactory,
		compose.OAuth2RefreshTokenGrantFactory,
		compose.OAuth2ClientCredentialsGrantFactory,
		compose.OpenIDConnectExplicitFactory,
		compose.OpenIDConnectRefreshFactory,
		compose.OAuth2TokenIntrospectionFactory,
		compose.OAuth2TokenRevocationFactory,
	)
	return &Provider{opts: o, oauth: p, config: cfg, signer: signer}, nil
}

// Mount registers the provider's endpoints.
func (p *Provider) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /.well-known/jwks.json", p.jwks)
	mux.HandleFunc("GET /oauth2/auth", p.authorize)
	mux.HandleFunc("POST /oauth2/auth", p.authorize)
	mux.HandleFunc("POST /oauth2/consent", p.consent)
	mux.HandleFunc("POST /oauth2/token", p.token)
	mux.HandleFunc("POST /oauth2/introspect", p.introspect)
	mux.HandleFunc("POST /oauth2/revoke", p.revoke)
	mux.HandleFunc("GET /userinfo", p.userinfo)
	mux.HandleFunc("POST /userinfo", p.userinfo)
	mux.HandleFunc("GET /oauth2/sessions/logout", p.logout)
	mux.HandleFunc("POST /oauth2/sessions/logout", p.logout)
}

// BypassCrossOrigin lists the endpoints relying parties call directly
// (server to server, authenticated by client credentials or a token): the
// browser CSRF check does not apply to them.
var BypassCrossOrigin = []string{"POST /oauth2/token", "POST /oauth2/introspect", "POST /oauth2/revoke", "POST /userinfo"}
