package loadgen

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Tokens is a token response.
type Tokens struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	IDToken      string `json:"id_token"`
}

// Target is one server (or proxy) under load, with its seeded fixture.
type Target struct {
	Base string
	FX   Fixture
	tr   *http.Transport
	pool *userPool

	mu      sync.Mutex
	grants  []Tokens // from logins: refresh tokens to rotate, access tokens to use
	workers int      // refresh workers (SpreadRefresh)
	cursor  []int    // per refresh worker: its position in the grants
}

// NewTarget prepares a target at base (loopback only).
func NewTarget(base string, fx Fixture) (*Target, error) {
	if err := CheckLoopback(base); err != nil {
		return nil, err
	}
	tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: 30 * time.Second}
	return &Target{Base: base, FX: fx, tr: tr, pool: newUserPool(fx.Users)}, nil
}

// Login is the full browser login with PKCE and the code exchange.
func (t *Target) Login(ctx context.Context, _ int) error {
	u, step, ok := t.pool.take(time.Now())
	if !ok {
		return ErrExhausted
	}
	verifier, challenge := pkce()
	code, err := newBrowser(t.tr).authorize(ctx, t.Base, u, step, challenge)
	if err != nil {
		return err
	}
	tok, err := t.token(ctx, WebClientID, t.FX.WebSecret, url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"redirect_uri": {RedirectURI}, "code_verifier": {verifier}})
	if err != nil {
		return err
	}
	if tok.RefreshToken == "" || tok.IDToken == "" {
		return errors.New("code exchange without refresh or ID token")
	}
	t.mu.Lock()
	t.grants = append(t.grants, tok)
	t.mu.Unlock()
	return nil
}

// Grants returns how many logins left tokens behind.
func (t *Target) Grants() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.grants)
}

// ClientCredentials is one client_credentials grant.
func (t *Target) ClientCredentials(ctx context.Context, _ int) error {
	_, err := t.token(ctx, ServiceClientID, t.FX.ServiceSecret, url.Values{"grant_type": {"client_credentials"}, "scope": {"api"}})
	return err
}

// SpreadRefresh makes Refresh cycle worker w over the grants w, w+workers,
// w+2*workers, ... so each refresh-token chain stays short, as in use: a
// client rotates once per access-token lifetime. (The cost of a rotation
// grows with its chain's length; BenchmarkRefreshFlow rotates one chain.)
func (t *Target) SpreadRefresh(workers int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.workers, t.cursor = workers, make([]int, workers)
}

// Refresh rotates the next refresh token of worker w.
func (t *Target) Refresh(ctx context.Context, w int) error {
	t.mu.Lock()
	if len(t.grants) == 0 {
		t.mu.Unlock()
		return ErrExhausted
	}
	i := w % len(t.grants)
	if t.workers > 0 {
		i = w + t.cursor[w]*t.workers
		if i >= len(t.grants) {
			i, t.cursor[w] = w, 0
		}
		t.cursor[w]++
	}
	rt := t.grants[i].RefreshToken
	t.mu.Unlock()
	tok, err := t.token(ctx, WebClientID, t.FX.WebSecret, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}})
	if err != nil {
		return err
	}
	if tok.RefreshToken == "" || tok.RefreshToken == rt {
		return errors.New("refresh token not rotated")
	}
	t.mu.Lock()
	t.grants[i] = tok
	t.mu.Unlock()
	return nil
}

func (t *Target) accessToken(w int) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.grants) == 0 {
		return "", ErrExhausted
	}
	return t.grants[w%len(t.grants)].AccessToken, nil
}

// UserInfo calls /userinfo with an access token from a login.
func (t *Target) UserInfo(ctx context.Context, w int) error {
	at, err := t.accessToken(w)
	if err != nil {
		return err
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, t.Base+"/userinfo", nil)
	req.Header.Set("Authorization", "Bearer "+at)
	return t.expect(req, `"sub"`)
}

// Introspect introspects an access token from a login as the web client.
func (t *Target) Introspect(ctx context.Context, w int) error {
	at, err := t.accessToken(w)
	if err != nil {
		return err
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, t.Base+"/oauth2/introspect", strings.NewReader(url.Values{"token": {at}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(WebClientID), url.QueryEscape(t.FX.WebSecret))
	return t.expect(req, `"active":true`)
}

// JWKS fetches the signing keys.
func (t *Target) JWKS(ctx context.Context, _ int) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, t.Base+"/.well-known/jwks.json", nil)
	return t.expect(req, `"keys"`)
}

// Discovery fetches the OpenID configuration.
func (t *Target) Discovery(ctx context.Context, _ int) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, t.Base+"/.well-known/openid-configuration", nil)
	return t.expect(req, `"issuer"`)
}

func (t *Target) expect(req *http.Request, want string) error {
	res, err := t.tr.RoundTrip(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), want) {
		return fmt.Errorf("%s %s: %d %.200s", req.Method, req.URL.Path, res.StatusCode, body)
	}
	return nil
}

func (t *Target) token(ctx context.Context, id, secret string, form url.Values) (Tokens, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, t.Base+"/oauth2/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	res, err := t.tr.RoundTrip(req)
	if err != nil {
		return Tokens{}, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return Tokens{}, err
	}
	if res.StatusCode != http.StatusOK {
		return Tokens{}, fmt.Errorf("token %s: %d %.200s", form.Get("grant_type"), res.StatusCode, body)
	}
	var tok Tokens
	if err := json.Unmarshal(body, &tok); err != nil || tok.AccessToken == "" {
		return Tokens{}, fmt.Errorf("token %s: no access token in %.200s", form.Get("grant_type"), body)
	}
	return tok, nil
}
