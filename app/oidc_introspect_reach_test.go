package app_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2/clientcredentials"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// introspectWith asks the introspection endpoint about token, authenticated
// by auth, and returns the status and the answer.
func introspectWith(t *testing.T, env *apptest.Env, token string, auth func(*http.Request)) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, env.App.Config.Issuer+"/oauth2/introspect",
		strings.NewReader(url.Values{"token": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	auth(req)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// TestIntrospectionOnlyForTheTokensOwnClients: a client learns about a
// token only when it was issued to it or names it in its audience; any
// other authenticated client hears "inactive", and a user's access token is
// no credential for asking (RFC 7662 §4).
func TestIntrospectionOnlyForTheTokensOwnClients(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Introspectie BV", account.Werkgever)
	u := env.User(t, org, "introspect@introspectie.example", goodPassword)
	app := newRP(t, env, "verzuim", func(c *oauthstore.Client) { c.Audience = []string{"rapport-api"} })
	machine := func(c *oauthstore.Client) {
		c.GrantTypes = []string{oauthstore.GrantClientCredentials}
		c.Scopes = []string{"org"}
		c.RedirectURIs, c.PostLogoutRedirectURIs, c.BackchannelLogoutURI = nil, nil, ""
	}
	api := newRP(t, env, "rapport-api", machine)
	other := newRP(t, env, "rooster", machine)

	a := app.authURL()
	tok, err := app.exchange(t, loginFor(t, env, env.Browser(t), app, a, u.Email), a)
	if err != nil {
		t.Fatal(err)
	}
	basic := func(r *rp) func(*http.Request) {
		return func(q *http.Request) { q.SetBasicAuth(r.client.ID, r.secret) }
	}
	bearer := func(token string) func(*http.Request) {
		return func(q *http.Request) { q.Header.Set("Authorization", "Bearer "+token) }
	}
	ccToken := func(r *rp) string {
		cc := clientcredentials.Config{ClientID: r.client.ID, ClientSecret: r.secret, TokenURL: r.provider.Endpoint().TokenURL,
			Scopes: []string{"org"}}
		tok, err := cc.Token(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return tok.AccessToken
	}

	for name, c := range map[string]struct {
		auth   func(*http.Request)
		active bool
	}{
		"the client it was issued to":            {basic(app), true},
		"the resource its audience names":        {basic(api), true},
		"that resource by its own machine token": {bearer(ccToken(api)), true},
		"an unrelated client":                    {basic(other), false},
		"an unrelated client's machine token":    {bearer(ccToken(other)), false},
	} {
		status, info := introspectWith(t, env, tok.AccessToken, c.auth)
		if status != http.StatusOK || info["active"] != c.active {
			t.Errorf("%s: %d %v, want active %v", name, status, info, c.active)
		}
		if !c.active && len(info) != 1 {
			t.Errorf("%s: an inactive answer says nothing else: %v", name, info)
		}
	}

	// A user's access token is not a credential for introspection, not even
	// for the tokens of its own client.
	second := app.authURL()
	tok2, err := app.exchange(t, loginFor(t, env, env.Browser(t), app, second, u.Email), second)
	if err != nil {
		t.Fatal(err)
	}
	if status, info := introspectWith(t, env, tok2.AccessToken, bearer(tok.AccessToken)); status != http.StatusUnauthorized || info["active"] == true {
		t.Errorf("a user's access token as credential: %d %v", status, info)
	}
}
