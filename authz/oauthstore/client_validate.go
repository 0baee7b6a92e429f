package oauthstore

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
)

// MaxClientIDLength bounds client ids, which travel in URLs and Basic auth.
const MaxClientIDLength = 128

// ValidateClient reports every problem with c, joined (errors.Join); each is a
// *Problem and matches ErrInvalidClient. Empty TokenEndpointAuthMethod,
// IDTokenSignedResponseAlg and ResponseTypes are read as their defaults.
//
// Redirect URIs (also post-logout and back-channel logout URIs) are matched
// exactly by fosite, so they must be absolute, without fragment, user
// information or wildcard, and use https unless the host is a loopback address
// (127.0.0.1, [::1], localhost).
func ValidateClient(c Client) error {
	var v validator
	v.id(c.ID)
	if strings.TrimSpace(c.Name) == "" {
		v.add("name", "must not be empty")
	}
	v.grants(c)
	for _, u := range c.RedirectURIs {
		v.uri("redirect_uri", u)
	}
	for _, u := range c.PostLogoutRedirectURIs {
		v.uri("post_logout_redirect_uri", u)
	}
	if c.BackchannelLogoutURI != "" {
		v.uri("backchannel_logout_uri", c.BackchannelLogoutURI)
	}
	v.tokens("scope", c.Scopes, validScope, "must be a non-empty scope token (no whitespace, quotes or backslashes)")
	v.tokens("audience", c.Audience, func(s string) bool { return s != "" && !strings.ContainsFunc(s, isSpaceOrControl) },
		"must be non-empty and contain no whitespace")
	v.authentication(c)
	if alg := c.GetIDTokenSignedResponseAlg(); alg != AlgES256 && alg != AlgRS256 {
		v.add(fmt.Sprintf("id_token_signed_response_alg %q", alg), "not supported (want ES256 or RS256)")
	}
	v.refreshLifetime(c)
	return errors.Join(v.problems...)
}

type validator struct{ problems []error }

func (v *validator) add(field, message string) {
	v.problems = append(v.problems, &Problem{Field: field, Message: message})
}

func (v *validator) id(id string) {
	ok := id != "" && len(id) <= MaxClientIDLength && !strings.ContainsFunc(id, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._~-", r))
	})
	if !ok {
		v.add("id", fmt.Sprintf("must be 1 to %d characters from A-Z, a-z, 0-9, '.', '_', '~' and '-'", MaxClientIDLength))
	}
}

func (v *validator) grants(c Client) {
	if len(c.GrantTypes) == 0 {
		v.add("grant_types", "must name at least one grant type")
	}
	for i, g := range c.GrantTypes {
		switch {
		case g != GrantAuthorizationCode && g != GrantRefreshToken && g != GrantClientCredentials:
			v.add(fmt.Sprintf("grant_type %q", g), "not supported (want authorization_code, refresh_token or client_credentials)")
		case slices.Contains(c.GrantTypes[:i], g):
			v.add(fmt.Sprintf("grant_type %q", g), "listed twice")
		}
	}
	code := slices.Contains(c.GrantTypes, GrantAuthorizationCode)
	if slices.Contains(c.GrantTypes, GrantRefreshToken) && !code {
		v.add("grant_types", "refresh_token needs authorization_code")
	}
	if c.Public && slices.Contains(c.GrantTypes, GrantClientCredentials) {
		v.add("grant_types", "public clients cannot use client_credentials")
	}
	if code && len(c.RedirectURIs) == 0 {
		v.add("redirect_uris", "authorization_code needs at least one redirect URI")
	}
	if !code && len(c.RedirectURIs) > 0 {
		v.add("redirect_uris", "only clients with authorization_code have redirect URIs")
	}
	for _, rt := range c.ResponseTypes {
		if rt != ResponseTypeCode {
			v.add(fmt.Sprintf("response_type %q", rt), `not supported (want "code")`)
		}
	}
	if len(c.ResponseTypes) > 0 && !code {
		v.add("response_types", "only clients with authorization_code have response types")
	}
}

func (v *validator) authentication(c Client) {
	method := c.GetTokenEndpointAuthMethod()
	field := fmt.Sprintf("token_endpoint_auth_method %q", method)
	switch method {
	case AuthNone, AuthClientSecretBasic, AuthClientSecretPost:
	default:
		v.add(field, "not supported (want client_secret_basic, client_secret_post or none)")
		return
	}
	if c.Public {
		if method != AuthNone {
			v.add(field, `public clients authenticate with "none"`)
		}
		if len(c.SecretHash) > 0 {
			v.add("secret_hash", "public clients have no secret")
		}
		return
	}
	if method == AuthNone {
		v.add(field, "only public clients authenticate with none")
	}
	switch {
	case len(c.SecretHash) == 0:
		v.add("secret_hash", "confidential clients need a secret")
	case !IsSecretHash(c.SecretHash):
		v.add("secret_hash", "not a hash made by SecretHasher")
	}
}

// refreshLifetime checks RefreshTokenAbsoluteLifetime: zero (the default)
// or between the bounds, in whole seconds, and only for clients that get
// refresh tokens.
func (v *validator) refreshLifetime(c Client) {
	d := c.RefreshTokenAbsoluteLifetime
	if d == 0 {
		return
	}
	const field = "refresh_token_absolute_lifetime"
	switch {
	case d < MinRefreshTokenAbsoluteLifetime || d > MaxRefreshTokenAbsoluteLifetime:
		v.add(field, fmt.Sprintf("must be between %v and %v (%d days)", MinRefreshTokenAbsoluteLifetime,
			MaxRefreshTokenAbsoluteLifetime, MaxRefreshTokenAbsoluteLifetime/(24*time.Hour)))
	case d%time.Second != 0:
		v.add(field, "must be a whole number of seconds")
	}
	if !slices.Contains(c.GrantTypes, GrantRefreshToken) {
		v.add(field, "only clients with the refresh_token grant have refresh tokens")
	}
}

// uri checks a redirect, post-logout or back-channel logout URI.
func (v *validator) uri(field, raw string) {
	field = fmt.Sprintf("%s %q", field, raw)
	switch {
	case raw == "":
		v.add(field, "must not be empty")
		return
	case strings.ContainsFunc(raw, isSpaceOrControl):
		v.add(field, "must not contain whitespace or control characters")
		return
	case strings.Contains(raw, "*"):
		v.add(field, "must not contain a wildcard '*'")
		return
	case strings.Contains(raw, "#"):
		v.add(field, "must not have a fragment")
		return
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		v.add(field, "is not a valid URI")
	case !u.IsAbs() || u.Host == "" || u.Opaque != "":
		v.add(field, "must be an absolute URI with a host")
	case u.User != nil:
		v.add(field, "must not contain user information")
	case u.Scheme == "https":
	case u.Scheme == "http":
		if !isLoopback(u.Hostname()) {
			v.add(field, "http is only allowed for loopback hosts")
		}
	default:
		v.add(field, fmt.Sprintf("scheme %q is not allowed (want https)", u.Scheme))
	}
}

// tokens checks a list of simple values: each valid and none twice.
func (v *validator) tokens(name string, list []string, valid func(string) bool, rule string) {
	for i, s := range list {
		switch {
		case !valid(s):
			v.add(fmt.Sprintf("%s %q", name, s), rule)
		case slices.Contains(list[:i], s):
			v.add(fmt.Sprintf("%s %q", name, s), "listed twice")
		}
	}
}

// validScope reports whether s is a scope-token of RFC 6749 section 3.3.
func validScope(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x21 || b == '"' || b == '\\' || b > 0x7e {
			return false
		}
	}
	return true
}

func isLoopback(host string) bool {
	return host == "127.0.0.1" || host == "::1" || host == "localhost"
}

func isSpaceOrControl(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }
