package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// introspect asks the introspection endpoint about token as r's client.
func introspect(t *testing.T, env *apptest.Env, r *rp, token string) map[string]any {
	t.Helper()
	status, out := introspectWith(t, env, token, func(q *http.Request) { q.SetBasicAuth(r.client.ID, r.secret) })
	if out == nil {
		t.Fatalf("introspection answer (%d) is no JSON object", status)
	}
	return out
}

// TestOIDCRefreshRotationAndReuse: offline_access gives a refresh token;
// every use rotates it; using an old one revokes the whole family.
func TestOIDCRefreshRotationAndReuse(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Refresh BV", account.Werkgever)
			u := env.User(t, org, "refresh@refresh.example", goodPassword)
			r := newRP(t, env, "verzuim")
			r.oauth.Scopes = append(r.oauth.Scopes, "offline_access")
			a := r.authURL()
			tok, err := r.exchange(t, loginFor(t, env, env.Browser(t), r, a, u.Email), a)
			if err != nil || tok.RefreshToken == "" {
				t.Fatalf("exchange with offline_access: %v, refresh %q", err, tok.RefreshToken)
			}
			first := tok.RefreshToken
			status, body := r.tokenForm(t, env, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {first}})
			if status != 200 {
				t.Fatalf("refresh: %d %s", status, body)
			}
			var second struct {
				AccessToken  string `json:"access_token"`
				RefreshToken string `json:"refresh_token"`
				IDToken      string `json:"id_token"`
			}
			_ = json.Unmarshal([]byte(body), &second)
			if second.RefreshToken == "" || second.RefreshToken == first || second.IDToken == "" {
				t.Fatalf("refresh must rotate and give a new ID token: %s", body)
			}
			if introspect(t, env, r, second.AccessToken)["active"] != true {
				t.Fatal("new access token inactive")
			}
			status, body = r.tokenForm(t, env, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {first}})
			if status != 400 || !strings.Contains(body, "invalid_grant") {
				t.Fatalf("reusing a rotated refresh token: %d %s", status, body)
			}
			if introspect(t, env, r, second.AccessToken)["active"] != false {
				t.Error("reuse must revoke the tokens issued from the family")
			}
			if status, _ := r.tokenForm(t, env, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {second.RefreshToken}}); status != 400 {
				t.Error("the newest refresh token must be revoked too")
			}
		})
	}
}

// TestOIDCRevocationAndBlockedUser: a revoked refresh token stops working,
// and a blocked user gets no new tokens from an old refresh token.
func TestOIDCRevocationAndBlockedUser(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Intrek BV", account.Werkgever)
	u := env.User(t, org, "intrek@intrek.example", goodPassword)
	r := newRP(t, env, "verzuim")
	r.oauth.Scopes = append(r.oauth.Scopes, "offline_access")
	tokens := func() *oauth2.Token {
		a := r.authURL()
		tok, err := r.exchange(t, loginFor(t, env, env.Browser(t), r, a, u.Email), a)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	tok := tokens()
	status, _ := r.tokenForm(t, env, url.Values{}) // no grant: a client error, not a crash
	if status != 400 {
		t.Errorf("empty token request: %d", status)
	}
	req, _ := http.NewRequest(http.MethodPost, env.App.Config.Issuer+"/oauth2/revoke",
		strings.NewReader(url.Values{"token": {tok.RefreshToken}, "token_type_hint": {"refresh_token"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(r.client.ID, r.secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("revoke: %v %d", err, resp.StatusCode)
	}
	resp.Body.Close()
	if introspect(t, env, r, tok.AccessToken)["active"] != false {
		t.Error("revoking the refresh token must revoke its access token")
	}
	if status, _ := r.tokenForm(t, env, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}}); status != 400 {
		t.Error("a revoked refresh token still works")
	}

	tok = tokens()
	if _, err := env.App.Accounts.UpdateUser(t.Context(), u.ID, func(u account.User) (account.User, error) {
		u.Status = account.StatusBlocked
		return u, nil
	}); err != nil {
		t.Fatal(err)
	}
	status, body := r.tokenForm(t, env, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}})
	if status != 400 || !strings.Contains(body, "invalid_grant") {
		t.Fatalf("refresh for a blocked user: %d %s", status, body)
	}
	if _, err := r.provider.UserInfo(t.Context(), oauth2.StaticTokenSource(tok)); err == nil {
		t.Error("userinfo for a blocked user")
	}
}

// TestOIDCClientCredentials: a machine client gets a token for itself; it
// has no user, so userinfo refuses it; a wrong secret is invalid_client.
func TestOIDCClientCredentials(t *testing.T) {
	env := apptest.New(t, "sqlite")
	r := newRP(t, env, "batch", func(c *oauthstore.Client) {
		c.GrantTypes = []string{oauthstore.GrantClientCredentials}
		c.Scopes = []string{"org"}
		c.RedirectURIs, c.PostLogoutRedirectURIs, c.BackchannelLogoutURI = nil, nil, ""
	})
	cc := clientcredentials.Config{ClientID: r.client.ID, ClientSecret: r.secret, TokenURL: r.provider.Endpoint().TokenURL, Scopes: []string{"org"}}
	tok, err := cc.Token(t.Context())
	if err != nil {
		t.Fatalf("client credentials: %v", err)
	}
	if tok.RefreshToken != "" {
		t.Error("client credentials must not give a refresh token")
	}
	info := introspect(t, env, r, tok.AccessToken)
	if info["active"] != true || info["client_id"] != "batch" || info["sub"] != "batch" {
		t.Errorf("introspection %v", info)
	}
	if _, err := r.provider.UserInfo(t.Context(), oauth2.StaticTokenSource(tok)); err == nil {
		t.Error("userinfo must refuse a token without a user")
	}
	wrong := cc
	wrong.ClientSecret = "not-the-secret"
	if _, err := wrong.Token(context.Background()); err == nil || !strings.Contains(err.Error(), "invalid_client") {
		t.Errorf("wrong secret: %v", err)
	}
	cc.Scopes = []string{"openid"}
	if _, err := cc.Token(context.Background()); err == nil {
		t.Error("openid scope without a user must be refused")
	}
}

// TestLogoutEverywhereRevokesTheUsersTokens: a single logout ends the
// session's access tokens but leaves an offline_access refresh token
// usable, as OpenID Connect intends; "log out
// everywhere" (like every security event that ends all of a user's
// sessions) revokes the user's tokens, offline ones included.
func TestLogoutEverywhereRevokesTheUsersTokens(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Intrekken BV", account.Werkgever)
			u := env.User(t, org, "intrekken@intrekken.example", goodPassword)
			other := env.User(t, org, "collega@intrekken.example", goodPassword)
			r := newRP(t, env, "verzuim")
			r.oauth.Scopes = append(r.oauth.Scopes, "offline_access")
			tokenOf := func(email string) (*apptest.Browser, string, string) {
				b := env.Browser(t)
				a := r.authURL()
				tok, err := r.exchange(t, loginFor(t, env, b, r, a, email), a)
				if err != nil || tok.RefreshToken == "" {
					t.Fatalf("exchange: %v", err)
				}
				return b, tok.AccessToken, tok.RefreshToken
			}
			refresh := func(rt string) (int, string) {
				status, body := r.tokenForm(t, env, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}})
				var out struct {
					RefreshToken string `json:"refresh_token"`
				}
				_ = json.Unmarshal([]byte(body), &out)
				return status, out.RefreshToken
			}

			_, firstAccess, rt := tokenOf(u.Email)
			list, err := env.App.Sessions.List(t.Context(), u.ID)
			if err != nil || len(list) != 1 {
				t.Fatalf("sessions: %d, %v", len(list), err)
			}
			if err := env.App.Sessions.Revoke(t.Context(), u.ID, list[0].Handle); err != nil {
				t.Fatal(err)
			}
			if introspect(t, env, r, firstAccess)["active"] != false {
				t.Error("an access token of an ended session must be inactive")
			}
			status, rt := refresh(rt)
			if status != http.StatusOK {
				t.Fatalf("after ending one session the offline refresh token must still work: %d", status)
			}

			b2, access, rt2 := tokenOf(u.Email)
			_, _, otherRT := tokenOf(other.Email)
			b2.Post("/account/sessions/revoke-all", nil)
			if p := b2.Get("/account"); p.URL.Path != "/login" {
				t.Fatal("log out everywhere must end this browser's session")
			}
			for name, token := range map[string]string{"older": rt, "newer": rt2} {
				if status, _ := refresh(token); status != http.StatusBadRequest {
					t.Errorf("the %s refresh token after log out everywhere: %d, want 400", name, status)
				}
			}
			if introspect(t, env, r, access)["active"] != false {
				t.Error("the access token after log out everywhere must be inactive")
			}
			if status, _ := refresh(otherRT); status != http.StatusOK {
				t.Errorf("a colleague's refresh token must survive: %d", status)
			}
		})
	}
}
