package oidclogin

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"strconv"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Request is the secret state of one login between /login and /callback.
// Keep it server-side; only State travels through the browser.
type Request struct {
	State    string `json:"state"`
	Nonce    string `json:"nonce"`
	Verifier string `json:"verifier"` // PKCE code verifier
}

// NewRequest returns fresh random state, nonce and PKCE verifier.
func NewRequest() Request {
	return Request{State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier()}
}

func random() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("oidclogin: crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// AuthCodeURL returns the authorization request URL for req: response type
// code, the application's scopes, state, nonce, an S256 code challenge and
// max_age (Config.MaxAge in seconds), so the provider asks the user to log
// in again rather than reuse an older login.
func (c *Client) AuthCodeURL(ctx context.Context, req Request) (string, error) {
	p, err := c.provider(ctx)
	if err != nil {
		return "", err
	}
	maxAge := oauth2.SetAuthURLParam("max_age", strconv.Itoa(int(c.cfg.MaxAge/time.Second)))
	return p.oauth.AuthCodeURL(req.State, oidc.Nonce(req.Nonce), oauth2.S256ChallengeOption(req.Verifier), maxAge), nil
}

// Exchange redeems code with the verifier of req and checks the ID token it
// gives (see VerifyIDToken). Errors are *Error values.
func (c *Client) Exchange(ctx context.Context, code string, req Request) (Identity, error) {
	p, err := c.provider(ctx)
	if err != nil {
		return Identity{}, &Error{Reason: Unavailable, Err: err}
	}
	tok, err := p.oauth.Exchange(c.ctx(ctx), code, oauth2.VerifierOption(req.Verifier))
	if err != nil {
		return Identity{}, &Error{Reason: ExchangeFailed, Err: err}
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return Identity{}, &Error{Reason: InvalidToken, Err: errNoIDToken}
	}
	id, err := c.VerifyIDToken(ctx, raw, req.Nonce)
	if err != nil {
		return id, err
	}
	return id, nil
}
