package oauthstore

import (
	"slices"
	"time"

	"github.com/go-jose/go-jose/v3"
	"github.com/ory/fosite"
)

// Grant types a client may hold.
const (
	GrantAuthorizationCode = "authorization_code"
	GrantRefreshToken      = "refresh_token"
	GrantClientCredentials = "client_credentials"
)

// Token endpoint authentication methods.
const (
	AuthClientSecretBasic = "client_secret_basic"
	AuthClientSecretPost  = "client_secret_post"
	AuthNone              = "none"
)

// ID token signing algorithms.
const (
	AlgES256 = "ES256"
	AlgRS256 = "RS256"
)

// Bounds and default of Client.RefreshTokenAbsoluteLifetime. The default
// asks a user of an offline client to log in again at least every 90 days;
// the sliding lifetime (oidc.refresh_token_ttl) ends an unused grant sooner.
const (
	DefaultRefreshTokenAbsoluteLifetime = 90 * 24 * time.Hour
	MinRefreshTokenAbsoluteLifetime     = time.Hour
	MaxRefreshTokenAbsoluteLifetime     = 365 * 24 * time.Hour
)

// ResponseTypeCode is the only response type: the authorization code flow.
const ResponseTypeCode = "code"

// Client is an OAuth 2.0 / OpenID Connect client (relying party). Its getters
// make it a fosite.Client, fosite.OpenIDConnectClient and
// fosite.ResponseModeClient; empty TokenEndpointAuthMethod, ResponseTypes and
// IDTokenSignedResponseAlg read as their defaults.
type Client struct {
	ID                       string
	Name                     string
	SecretHash               []byte // made by SecretHasher; empty for public clients
	RedirectURIs             []string
	PostLogoutRedirectURIs   []string
	BackchannelLogoutURI     string
	GrantTypes               []string // GrantAuthorizationCode, GrantRefreshToken, GrantClientCredentials
	ResponseTypes            []string // ["code"]
	Scopes                   []string
	Audience                 []string
	Public                   bool // no secret; authenticates with "none" and must use PKCE
	FirstParty               bool // our own application: consent may be skipped
	TokenEndpointAuthMethod  string
	IDTokenSignedResponseAlg string
	// RefreshTokenAbsoluteLifetime bounds a grant's refresh tokens: however
	// recently one was rotated, none works longer than this after the user
	// authorized the client. Zero means DefaultRefreshTokenAbsoluteLifetime.
	RefreshTokenAbsoluteLifetime time.Duration
	CreatedAt                    time.Time
	SecretRotatedAt              time.Time
}

var (
	_ fosite.Client              = (*Client)(nil)
	_ fosite.OpenIDConnectClient = (*Client)(nil)
	_ fosite.ResponseModeClient  = (*Client)(nil)
)

// withDefaults fills the optional fields with their defaults.
func (c Client) withDefaults() Client {
	c.TokenEndpointAuthMethod = c.GetTokenEndpointAuthMethod()
	c.IDTokenSignedResponseAlg = c.GetIDTokenSignedResponseAlg()
	if len(c.ResponseTypes) == 0 && slices.Contains(c.GrantTypes, GrantAuthorizationCode) {
		c.ResponseTypes = []string{ResponseTypeCode}
	}
	return c
}

// GetID implements fosite.Client.
func (c *Client) GetID() string { return c.ID }

// GetHashedSecret implements fosite.Client.
func (c *Client) GetHashedSecret() []byte { return c.SecretHash }

// GetRedirectURIs implements fosite.Client.
func (c *Client) GetRedirectURIs() []string { return c.RedirectURIs }

// GetGrantTypes implements fosite.Client.
func (c *Client) GetGrantTypes() fosite.Arguments { return c.GrantTypes }

// GetResponseTypes implements fosite.Client.
func (c *Client) GetResponseTypes() fosite.Arguments {
	if len(c.ResponseTypes) == 0 {
		return fosite.Arguments{ResponseTypeCode}
	}
	return c.ResponseTypes
}

// GetScopes implements fosite.Client.
func (c *Client) GetScopes() fosite.Arguments { return c.Scopes }

// IsPublic implements fosite.Client.
func (c *Client) IsPublic() bool { return c.Public }

// GetAudience implements fosite.Client.
func (c *Client) GetAudience() fosite.Arguments { return c.Audience }

// GetRequestURIs implements fosite.OpenIDConnectClient: request_uri is not
// supported, so none is allowed.
func (c *Client) GetRequestURIs() []string { return nil }

// GetJSONWebKeys implements fosite.OpenIDConnectClient. Clients register no
// keys, so fosite refuses request objects and private_key_jwt for them.
func (c *Client) GetJSONWebKeys() *jose.JSONWebKeySet { return nil }

// GetJSONWebKeysURI implements fosite.OpenIDConnectClient.
func (c *Client) GetJSONWebKeysURI() string { return "" }

// GetRequestObjectSigningAlgorithm implements fosite.OpenIDConnectClient.
// Request objects are refused earlier for lack of client keys.
func (c *Client) GetRequestObjectSigningAlgorithm() string { return "" }

// GetTokenEndpointAuthMethod implements fosite.OpenIDConnectClient: "none" for
// public clients, client_secret_basic when unset.
func (c *Client) GetTokenEndpointAuthMethod() string {
	switch {
	case c.TokenEndpointAuthMethod != "":
		return c.TokenEndpointAuthMethod
	case c.Public:
		return AuthNone
	}
	return AuthClientSecretBasic
}

// GetTokenEndpointAuthSigningAlgorithm implements fosite.OpenIDConnectClient.
// JWT client authentication is not offered; the value only matters to it.
func (c *Client) GetTokenEndpointAuthSigningAlgorithm() string { return AlgRS256 }

// GetResponseModes implements fosite.ResponseModeClient: the code flow may
// answer in the query (the default) or as a form post.
func (c *Client) GetResponseModes() []fosite.ResponseModeType {
	return []fosite.ResponseModeType{fosite.ResponseModeDefault, fosite.ResponseModeQuery, fosite.ResponseModeFormPost}
}

// GetRefreshTokenAbsoluteLifetime returns RefreshTokenAbsoluteLifetime, or
// the default when it is zero.
func (c *Client) GetRefreshTokenAbsoluteLifetime() time.Duration {
	if c.RefreshTokenAbsoluteLifetime == 0 {
		return DefaultRefreshTokenAbsoluteLifetime
	}
	return c.RefreshTokenAbsoluteLifetime
}

// GetIDTokenSignedResponseAlg returns the algorithm ID tokens for this client
// are signed with: ES256 unless set.
func (c *Client) GetIDTokenSignedResponseAlg() string {
	if c.IDTokenSignedResponseAlg == "" {
		return AlgES256
	}
	return c.IDTokenSignedResponseAlg
}
