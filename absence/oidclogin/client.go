package oidclogin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Scopes are the scopes the application asks for.
var Scopes = []string{oidc.ScopeOpenID, "profile", "email", "org", "roles"}

// Config configures a Client.
type Config struct {
	Issuer       string // the provider's issuer URL, exactly as in discovery
	ClientID     string
	ClientSecret string
	RedirectURL  string // this application's /callback
	// HTTPClient carries discovery, JWKS and token requests; nil means a
	// client with a 10 s timeout.
	HTTPClient *http.Client
	// Now is the clock for token expiry; nil means time.Now.
	Now func() time.Time
}

// Client talks to the provider. It is safe for concurrent use.
type Client struct {
	cfg Config

	mu sync.Mutex
	p  *provider // nil until discovery succeeded
}

// provider is what discovery gave.
type provider struct {
	oidc       *oidc.Provider
	verifier   *oidc.IDTokenVerifier
	oauth      oauth2.Config
	endSession string
}

// New checks cfg; it does not contact the provider.
func New(cfg Config) (*Client, error) {
	var errs []error
	if u, err := url.Parse(cfg.Issuer); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		errs = append(errs, fmt.Errorf("issuer %q is not an http(s) URL", cfg.Issuer))
	}
	if cfg.ClientID == "" {
		errs = append(errs, errors.New("client id is empty"))
	}
	if cfg.ClientSecret == "" {
		errs = append(errs, errors.New("client secret is empty"))
	}
	if u, err := url.Parse(cfg.RedirectURL); err != nil || u.Host == "" {
		errs = append(errs, fmt.Errorf("redirect URL %q is not absolute", cfg.RedirectURL))
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("oidclogin: %w", errors.Join(errs...))
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Client{cfg: cfg}, nil
}

// ClientID returns the configured client id.
func (c *Client) ClientID() string { return c.cfg.ClientID }

// Issuer returns the configured issuer.
func (c *Client) Issuer() string { return c.cfg.Issuer }

// ctx returns a context that makes go-oidc and x/oauth2 use the client's
// HTTP client.
func (c *Client) ctx(ctx context.Context) context.Context {
	ctx = oidc.ClientContext(ctx, c.cfg.HTTPClient)
	return context.WithValue(ctx, oauth2.HTTPClient, c.cfg.HTTPClient)
}

// provider returns the discovered provider, discovering it now when needed.
// A failure is not remembered: the next call tries again.
func (c *Client) provider(ctx context.Context) (*provider, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.p != nil {
		return c.p, nil
	}
	// The provider keeps the context's HTTP client for its key set, which
	// outlives this request: discover on a context that is not cancelled
	// with it, but bounded in time.
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	op, err := oidc.NewProvider(c.ctx(dctx), c.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("oidclogin: discovery at %s: %w", c.cfg.Issuer, err)
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := op.Claims(&meta); err != nil {
		return nil, fmt.Errorf("oidclogin: discovery document: %w", err)
	}
	c.p = &provider{
		oidc:       op,
		verifier:   op.Verifier(&oidc.Config{ClientID: c.cfg.ClientID, Now: c.cfg.Now}),
		endSession: meta.EndSession,
		oauth: oauth2.Config{
			ClientID: c.cfg.ClientID, ClientSecret: c.cfg.ClientSecret,
			Endpoint: op.Endpoint(), RedirectURL: c.cfg.RedirectURL, Scopes: Scopes,
		},
	}
	return c.p, nil
}

// Ping reports whether the provider's discovery could be read (now or before).
func (c *Client) Ping(ctx context.Context) error {
	_, err := c.provider(ctx)
	return err
}
