package app_test

import (
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// TestOIDCLoopbackRedirectIsExactButForThePort: for a loopback redirect URI
// only the port may differ from the registered one (RFC 8252 section 7.3);
// a percent-encoded path, user information before the host, or http for a
// URI registered with https is an error page, never a redirect. fosite alone
// redirected to all three (found by FuzzRedirectURI in authz/oauthstore).
func TestOIDCLoopbackRedirectIsExactButForThePort(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Lus BV", account.Werkgever)
	u := env.User(t, org, "lus@lus.example", goodPassword)
	r := newRP(t, env, "verzuim")
	secure := newRP(t, env, "beveiligd", func(c *oauthstore.Client) {
		c.RedirectURIs = []string{strings.Replace(c.RedirectURIs[0], "http://", "https://", 1)}
	})
	b := env.Browser(t)
	host := hostOf(r.srv.URL)
	loginFor(t, env, b, r, r.authURL(), u.Email)

	for _, bad := range []struct {
		rp  *rp
		uri string
	}{
		{r, r.srv.URL + "/c%61llback"},
		{r, strings.Replace(r.srv.URL, "http://", "http://evil@", 1) + "/callback"},
		{secure, secure.srv.URL + "/callback"},
	} {
		cb, p := callback(t, b, hostOf(bad.rp.srv.URL), func() *apptest.Page {
			return b.Get(withParam(bad.rp.authURL().URL, "redirect_uri", bad.uri))
		})
		if cb != nil || p.Status != 400 {
			t.Errorf("redirect_uri %s: callback %v, status %d", bad.uri, cb, p.Status)
		}
	}

	// Another port on the same loopback address is a native app's own choice.
	other := "http://127.0.0.1:1/callback"
	if host == "127.0.0.1:1" {
		other = "http://127.0.0.1:2/callback"
	}
	cb, p := callback(t, b, hostOf(other), func() *apptest.Page { return b.Get(withParam(r.authURL().URL, "redirect_uri", other)) })
	if cb == nil || cb.Query().Get("code") == "" {
		t.Fatalf("redirect_uri on another loopback port: callback %v, status %d", cb, p.Status)
	}
}
