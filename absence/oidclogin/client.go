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
	// Now is the clock for token expiry and authentication age; nil means
	// time.Now.
	Now func() time.Time
	// MaxAge is the longest time since the user last authenticated at the
	// provider that a login accepts: sent as max_age in every authorization
	// request and checked against the ID token's auth_time. 0 means
	// DefaultMaxAge; more than MaxMaxAge is refused.
	MaxAge time.Duration
}

// DefaultMaxAge and MaxMaxAge bound the authentication age a login accepts.
//
// NIST SP 800-63C-4 Sec. 4.7 (federation sessions): an RP "SHALL specify the
// maximum acceptable authentication age to the IdP, either through the
// federation protocol (if possible) or through the parameters of the trust
// agreement", and it is up to the RP to decide whether the reauthentication
// requirements are met; an existing session at the IdP could otherwise hand
// out fresh assertions without the user authenticating again. The
// application holds the provider's ID tokens to the AAL2 overall timeout of
// NIST SP 800-63B-4 Sec. 2.2.3 (24 hours at most).
const (
	DefaultMaxAge = 8 * time.Hour
	MaxMaxAge     = 24 * time.Hour
)

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
	if cfg.MaxAge == 0 {
		cfg.MaxAge = DefaultMaxAge
	}
	if cfg.MaxAge < time.Minute || cfg.MaxAge > MaxMaxAge {
		errs = append(errs, fmt.Errorf("max age %s is not between 1m and %s", cfg.MaxAge, MaxMaxAge))
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

// MaxAge returns the longest authentication age a login accepts.
func (c *Client) MaxAge() time.Duration { return c.cfg.MaxAge }

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
