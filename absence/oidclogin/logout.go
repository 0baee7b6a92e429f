package oidclogin

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// LogoutToken is a verified back-channel logout token.
type LogoutToken struct {
	Subject string
	SID     string
	JTI     string
	Expiry  time.Time
}

// maxLogoutTokenAge bounds how old (iat) a logout token may be, beside its exp.
const maxLogoutTokenAge = 10 * time.Minute

// clockSkew is the leeway for an iat set by a clock slightly ahead of ours.
const clockSkew = time.Minute

// VerifyLogoutToken checks a back-channel logout token (see the package
// documentation). Replay of a jti is the caller's to refuse. Errors are *Error
// values with Reason InvalidToken or Unavailable.
func (c *Client) VerifyLogoutToken(ctx context.Context, raw string) (LogoutToken, error) {
	if typ, err := headerType(raw); err != nil || !strings.EqualFold(typ, "logout+jwt") && !strings.EqualFold(typ, "application/logout+jwt") {
		return LogoutToken{}, &Error{Reason: InvalidToken, Err: fmt.Errorf("typ %q is not logout+jwt (%v)", typ, err)}
	}
	p, err := c.provider(ctx)
	if err != nil {
		return LogoutToken{}, &Error{Reason: Unavailable, Err: err}
	}
	tok, err := p.verifier.VerifyLogout(c.ctx(ctx), raw)
	if err != nil {
		return LogoutToken{}, &Error{Reason: InvalidToken, Err: err}
	}
	now := c.cfg.Now()
	if tok.IssuedAt.IsZero() || tok.IssuedAt.After(now.Add(clockSkew)) || tok.IssuedAt.Before(now.Add(-maxLogoutTokenAge)) {
		return LogoutToken{}, &Error{Reason: InvalidToken, Err: fmt.Errorf("iat %v out of range", tok.IssuedAt)}
	}
	return LogoutToken{Subject: tok.Subject, SID: tok.SessionID, JTI: tok.TokenID, Expiry: tok.Expiry}, nil
}

// headerType returns the typ of a compact JWS's protected header.
func headerType(raw string) (string, error) {
	head, _, ok := strings.Cut(raw, ".")
	if !ok {
		return "", errors.New("not a compact JWS")
	}
	b, err := base64.RawURLEncoding.DecodeString(head)
	if err != nil {
		return "", err
	}
	var h struct {
		Typ string `json:"typ"`
	}
	if err := json.Unmarshal(b, &h); err != nil {
		return "", err
	}
	return h.Typ, nil
}

// EndSessionURL returns the provider's end-session URL for RP-initiated
// logout with idTokenHint, the client id, postLogoutRedirect (registered at
// the provider) and state. It fails when the provider has no end-session
// endpoint.
func (c *Client) EndSessionURL(ctx context.Context, idTokenHint, postLogoutRedirect, state string) (string, error) {
	p, err := c.provider(ctx)
	if err != nil {
		return "", err
	}
	if p.endSession == "" {
		return "", errors.New("oidclogin: the provider has no end_session_endpoint")
	}
	u, err := url.Parse(p.endSession)
	if err != nil {
		return "", fmt.Errorf("oidclogin: end_session_endpoint: %w", err)
	}
	q := u.Query()
	if idTokenHint != "" {
		q.Set("id_token_hint", idTokenHint)
	}
	q.Set("client_id", c.cfg.ClientID)
	if postLogoutRedirect != "" {
		q.Set("post_logout_redirect_uri", postLogoutRedirect)
	}
	if state != "" {
		q.Set("state", state)
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}
