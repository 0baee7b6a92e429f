package app

import (
	"context"
	"fmt"
	"os"

	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/authz"
	"github.com/mijnaccount/mijnaccount/authz/backchannel"
	"github.com/mijnaccount/mijnaccount/authz/keys"
	"github.com/mijnaccount/mijnaccount/secretbox"
	"github.com/mijnaccount/mijnaccount/templates"
)

// buildProvider assembles the OpenID Connect provider: signing keys (made on
// first start), back-channel logout on every session end, and the fosite
// endpoints.
func (a *App) buildProvider(ctx context.Context, keyring secretbox.Keyring, sessions *session.Manager, pages *templates.Renderer) (*authz.Provider, error) {
	cfg := a.Config
	a.Keys = keys.NewManager(a.DB, keyring, a.Now)
	for _, file := range cfg.OIDC.SigningKeyFiles {
		pem, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("oidc.signing_key_files: %w", err)
		}
		if _, err := a.Keys.Import(ctx, pem); err != nil {
			return nil, fmt.Errorf("oidc.signing_key_files: %s: %w", file, err)
		}
	}
	if err := a.Keys.Ensure(ctx); err != nil {
		return nil, fmt.Errorf("signing keys: %w", err)
	}
	tokenSecret, err := secret(cfg.OIDC.TokenSecret, cfg.DataDir, "oidc-token.key", 32)
	if err != nil {
		return nil, fmt.Errorf("oidc.token_secret: %w", err)
	}
	notifier := &backchannel.Notifier{
		Issuer: cfg.Issuer, Signer: backchannel.JWTSigner{Signer: a.Keys.Signer(keys.AlgES256)},
		Targets: a.OAuth, Clients: a.OAuth, Log: a.Log, Now: a.Now,
	}
	a.Backchannel = notifier
	sessions.OnEnd(func(ctx context.Context, s session.Session) {
		notifier.NotifySessionAsync(ctx, s.UserID, s.Handle, s.Clients)
		if err := a.OAuth.EndSession(ctx, s.Handle); err != nil {
			a.Log.ErrorContext(ctx, "tokens of an ended session not revoked", "error", err.Error())
		}
	})
	// Ending every session of a user is a security event: the tokens issued
	// to the user go too, refresh tokens of offline_access included. A
	// single logout or an expiry leaves offline_access tokens alone, as
	// OpenID Connect intends.
	sessions.OnRevokeAll(a.OAuth.RevokeSubject)
	return authz.New(authz.Options{
		Issuer: cfg.Issuer, Store: a.OAuth, Keys: a.Keys, Accounts: a.Accounts, Sessions: sessions,
		Consents: &authz.ConsentStore{DB: a.DB, Now: a.Now}, KV: a.KV, Logout: notifier,
		Pages: pages, Audit: a.Auditor, Log: a.Log, Now: a.Now, OnToken: a.metrics.token,
		AccessTokenTTL: cfg.OIDC.AccessTokenTTL, IDTokenTTL: cfg.OIDC.IDTokenTTL,
		RefreshTokenTTL: cfg.OIDC.RefreshTokenTTL, CodeTTL: cfg.OIDC.CodeTTL, TokenSecret: tokenSecret,
	})
}
