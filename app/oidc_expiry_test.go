package app_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
	"github.com/mijnaccount/mijnaccount/storage"
)

// storedRow is one row of oauth_requests as the expiry tests see it.
type storedRow struct {
	Kind      string
	ExpiresAt time.Time
}

// storedRows returns the kind and expiry of every stored code, token and
// request of a client.
func storedRows(t *testing.T, env *apptest.Env, clientID string) []storedRow {
	t.Helper()
	rows, err := env.App.DB.QueryContext(t.Context(), `SELECT kind, expires_at FROM oauth_requests WHERE client_id = $1`, clientID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []storedRow
	for rows.Next() {
		var r storedRow
		var exp int64
		if err := rows.Scan(&r.Kind, &exp); err != nil {
			t.Fatal(err)
		}
		if exp != 0 {
			r.ExpiresAt = storage.FromMicros(exp)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkAccessJWT checks that an access token is a JWT whose exp is the
// access token lifetime after issued (on the provider's clock).
func checkAccessJWT(t *testing.T, env *apptest.Env, token string, issued time.Time) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("access token is not a JWT: %d parts", len(parts))
	}
	claims := decodeSegment(t, parts[1])
	exp, ok := claims["exp"].(float64)
	if !ok {
		t.Fatalf("access token without exp: %v", claims)
	}
	if want := issued.Add(env.App.Config.OIDC.AccessTokenTTL).Unix(); int64(exp) != want {
		t.Errorf("access token exp %d, want %d (issued + access_token_ttl)", int64(exp), want)
	}
	return claims
}

// checkRowsExpire checks that every stored row of the client carries an
// expiry, that the rows of kind kinds exist, and that the cleanup job
// removes all of them once the clock has passed their expiry.
func checkRowsExpire(t *testing.T, env *apptest.Env, clientID string, kinds ...string) {
	t.Helper()
	rows := storedRows(t, env, clientID)
	seen := map[string]bool{}
	var last time.Time
	for _, r := range rows {
		seen[r.Kind] = true
		if r.ExpiresAt.IsZero() {
			t.Errorf("stored %s row without expiry", r.Kind)
		}
		if r.ExpiresAt.After(last) {
			last = r.ExpiresAt
		}
	}
	for _, k := range kinds {
		if !seen[k] {
			t.Errorf("no stored %s row (rows %v)", k, rows)
		}
	}
	env.Clock.Advance(last.Sub(env.Clock.Now()) + 2*24*time.Hour)
	if _, err := env.App.CleanupTokens(t.Context()); err != nil {
		t.Fatal(err)
	}
	if left := storedRows(t, env, clientID); len(left) != 0 {
		t.Errorf("after expiry and cleanup %d rows are left: %v", len(left), left)
	}
}

// TestTokensExpireOnTheProviderClock: every token the provider issues
// carries exp (in the JWT, in introspection, in the stored row); once the
// clock passes it, introspection says inactive, userinfo refuses a user's
// token, a refresh token no longer refreshes, and the cleanup job deletes
// the rows. One sub-test per grant type.
func TestTokensExpireOnTheProviderClock(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend+"/authorization_code", func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Verloop BV", account.Werkgever)
			u := env.User(t, org, "verloop@verloop.example", goodPassword)
			r := newRP(t, env, "verzuim")
			a := r.authURL()
			cb := loginFor(t, env, env.Browser(t), r, a, u.Email)
			issued := env.Clock.Now()
			tok, err := r.exchange(t, cb, a)
			if err != nil {
				t.Fatal(err)
			}
			if got := time.Duration(tok.ExpiresIn) * time.Second; got != env.App.Config.OIDC.AccessTokenTTL {
				t.Errorf("expires_in %v, want %v", got, env.App.Config.OIDC.AccessTokenTTL)
			}
			checkAccessJWT(t, env, tok.AccessToken, issued)
			info := introspect(t, env, r, tok.AccessToken)
			if info["active"] != true || int64(info["exp"].(float64)) != issued.Add(env.App.Config.OIDC.AccessTokenTTL).Unix() {
				t.Fatalf("fresh token introspection: %v", info)
			}
			if _, err := r.provider.UserInfo(t.Context(), oauth2.StaticTokenSource(tok)); err != nil {
				t.Fatalf("userinfo with a fresh token: %v", err)
			}
			env.Clock.Advance(env.App.Config.OIDC.AccessTokenTTL - time.Second)
			if introspect(t, env, r, tok.AccessToken)["active"] != true {
				t.Fatal("a token a second before its expiry must be active")
			}
			env.Clock.Advance(time.Second)
			if info := introspect(t, env, r, tok.AccessToken); info["active"] != false {
				t.Errorf("expired access token introspects as %v", info)
			}
			if _, err := r.provider.UserInfo(t.Context(), oauth2.StaticTokenSource(tok)); err == nil {
				t.Error("userinfo accepted an expired access token")
			}
			checkRowsExpire(t, env, r.client.ID, "access", "code")
		})

		t.Run(backend+"/refresh_token", func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Verversen BV", account.Werkgever)
			u := env.User(t, org, "ververs@ververs.example", goodPassword)
			r := newRP(t, env, "verzuim")
			r.oauth.Scopes = append(r.oauth.Scopes, "offline_access")
			a := r.authURL()
			tok, err := r.exchange(t, loginFor(t, env, env.Browser(t), r, a, u.Email), a)
			if err != nil || tok.RefreshToken == "" {
				t.Fatalf("exchange: %v", err)
			}
			env.Clock.Advance(time.Hour)
			issued := env.Clock.Now()
			status, body := r.tokenForm(t, env, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}})
			if status != 200 {
				t.Fatalf("refresh: %d %s", status, body)
			}
			var refreshed struct {
				AccessToken  string `json:"access_token"`
				RefreshToken string `json:"refresh_token"`
				ExpiresIn    int64  `json:"expires_in"`
			}
			if err := json.Unmarshal([]byte(body), &refreshed); err != nil {
				t.Fatal(err)
			}
			if got := time.Duration(refreshed.ExpiresIn) * time.Second; got != env.App.Config.OIDC.AccessTokenTTL {
				t.Errorf("expires_in %v, want %v", got, env.App.Config.OIDC.AccessTokenTTL)
			}
			claims := checkAccessJWT(t, env, refreshed.AccessToken, issued)
			if iat, _ := claims["iat"].(float64); int64(iat) != issued.Unix() {
				t.Errorf("refreshed access token iat %v, want %d", claims["iat"], issued.Unix())
			}
			fresh := &oauth2.Token{AccessToken: refreshed.AccessToken, TokenType: "Bearer"}
			if _, err := r.provider.UserInfo(t.Context(), oauth2.StaticTokenSource(fresh)); err != nil {
				t.Fatalf("userinfo with a refreshed token: %v", err)
			}
			env.Clock.Advance(env.App.Config.OIDC.AccessTokenTTL)
			if info := introspect(t, env, r, refreshed.AccessToken); info["active"] != false {
				t.Errorf("expired refreshed access token introspects as %v", info)
			}
			if _, err := r.provider.UserInfo(t.Context(), oauth2.StaticTokenSource(fresh)); err == nil {
				t.Error("userinfo accepted an expired refreshed access token")
			}
			env.Clock.Advance(env.App.Config.OIDC.RefreshTokenTTL)
			if info := introspect(t, env, r, refreshed.RefreshToken); info["active"] != false {
				t.Errorf("expired refresh token introspects as %v", info)
			}
			status, body = r.tokenForm(t, env, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshed.RefreshToken}})
			if status != 400 || !strings.Contains(body, "invalid_grant") {
				t.Errorf("refresh with an expired refresh token: %d %s", status, body)
			}
			checkRowsExpire(t, env, r.client.ID, "access", "refresh")
		})

		t.Run(backend+"/client_credentials", func(t *testing.T) {
			env := apptest.New(t, backend)
			r := newRP(t, env, "batch", func(c *oauthstore.Client) {
				c.GrantTypes = []string{oauthstore.GrantClientCredentials}
				c.Scopes = []string{"org"}
				c.RedirectURIs, c.PostLogoutRedirectURIs, c.BackchannelLogoutURI = nil, nil, ""
			})
			cc := clientcredentials.Config{ClientID: r.client.ID, ClientSecret: r.secret, TokenURL: r.provider.Endpoint().TokenURL,
				Scopes: []string{"org"}}
			issued := env.Clock.Now()
			tok, err := cc.Token(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			checkAccessJWT(t, env, tok.AccessToken, issued)
			info := introspect(t, env, r, tok.AccessToken)
			if info["active"] != true || info["exp"] == nil {
				t.Fatalf("fresh client token introspection: %v", info)
			}
			env.Clock.Advance(env.App.Config.OIDC.AccessTokenTTL)
			if info := introspect(t, env, r, tok.AccessToken); info["active"] != false {
				t.Errorf("expired client token introspects as %v", info)
			}
			checkRowsExpire(t, env, r.client.ID, "access")
		})
	}
}

// TestRefreshTokenAbsoluteLifetime: rotation keeps a grant alive only until
// the client's absolute lifetime since the user authorized it; after that a
// refresh is invalid_grant even when the last rotation was minutes ago.
func TestRefreshTokenAbsoluteLifetime(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Absoluut BV", account.Werkgever)
	u := env.User(t, org, "absoluut@absoluut.example", goodPassword)
	r := newRP(t, env, "verzuim", func(c *oauthstore.Client) { c.RefreshTokenAbsoluteLifetime = 2 * time.Hour })
	r.oauth.Scopes = append(r.oauth.Scopes, "offline_access")
	a := r.authURL()
	cb := loginFor(t, env, env.Browser(t), r, a, u.Email)
	granted := env.Clock.Now()
	tok, err := r.exchange(t, cb, a)
	if err != nil || tok.RefreshToken == "" {
		t.Fatalf("exchange: %v", err)
	}
	rt := tok.RefreshToken
	refresh := func() (int, string) {
		status, body := r.tokenForm(t, env, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}})
		var out struct {
			RefreshToken string `json:"refresh_token"`
		}
		_ = json.Unmarshal([]byte(body), &out)
		if out.RefreshToken != "" {
			rt = out.RefreshToken
		}
		return status, body
	}
	for i := range 2 {
		env.Clock.Advance(50 * time.Minute)
		if status, body := refresh(); status != 200 {
			t.Fatalf("rotation %d within the absolute lifetime: %d %s", i+1, status, body)
		}
	}
	if exp := introspect(t, env, r, rt)["exp"]; exp == nil || int64(exp.(float64)) != granted.Add(2*time.Hour).Unix() {
		t.Errorf("the newest refresh token expires at %v, want the end of the absolute lifetime %d", exp, granted.Add(2*time.Hour).Unix())
	}
	env.Clock.Advance(20*time.Minute + time.Second) // 2h00m01s after the grant, 20 minutes after the last rotation
	status, body := refresh()
	if status != 400 || !strings.Contains(body, "invalid_grant") {
		t.Errorf("refresh after the absolute lifetime: %d %s", status, body)
	}
	// The client's lifetime is read when the token is used: shortening it
	// ends grants that are already older.
	a = r.authURL()
	tok, err = r.exchange(t, loginFor(t, env, env.Browser(t), r, a, u.Email), a)
	if err != nil {
		t.Fatal(err)
	}
	rt = tok.RefreshToken
	env.Clock.Advance(90 * time.Minute)
	if _, err := env.App.OAuth.UpdateClient(t.Context(), r.client.ID, func(c oauthstore.Client) (oauthstore.Client, error) {
		c.RefreshTokenAbsoluteLifetime = time.Hour
		return c, nil
	}); err != nil {
		t.Fatal(err)
	}
	if status, body := refresh(); status != 400 || !strings.Contains(body, "invalid_grant") {
		t.Errorf("refresh of a grant older than the shortened lifetime: %d %s", status, body)
	}
}
