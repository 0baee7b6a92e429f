package app_test

import (
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// withParam replaces one query parameter of an authorization URL.
func withParam(raw, key, value string) string {
	u, _ := url.Parse(raw)
	q := u.Query()
	if value == "" {
		q.Del(key)
	} else {
		q.Set(key, value)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// TestOIDCRefusesBadRequests covers the negative cases of the basic
// conformance plan that the authorization endpoint answers.
func TestOIDCRefusesBadRequests(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Fout BV", account.Werkgever)
	u := env.User(t, org, "fout@fout.example", goodPassword)
	r := newRP(t, env, "verzuim")
	b := env.Browser(t)
	host := hostOf(r.srv.URL)
	loginFor(t, env, b, r, r.authURL(), u.Email) // a session, so errors are not hidden behind the login

	// An unregistered redirect URI is an error page, never a redirect.
	for _, bad := range []string{"https://evil.example/callback", r.srv.URL + "/callback/extra", r.srv.URL + "/callback?x=1"} {
		cb, p := callback(t, b, host, func() *apptest.Page { return b.Get(withParam(r.authURL().URL, "redirect_uri", bad)) })
		if cb != nil || p.Status != 400 || !strings.Contains(p.Body, "ongeldige aanvraag") {
			t.Errorf("redirect_uri %s: callback %v, status %d", bad, cb, p.Status)
		}
		if strings.Contains(p.Header.Get("Location"), "evil") {
			t.Error("redirected to an unregistered URI")
		}
	}
	cb, p := callback(t, b, host, func() *apptest.Page { return b.Get(withParam(r.authURL().URL, "client_id", "unknown")) })
	if cb != nil || p.Status < 400 {
		t.Errorf("unknown client: %v %d", cb, p.Status)
	}

	// PKCE is required, S256 only; errors go back to the client with iss.
	for name, mutate := range map[string]func(string) string{
		"no PKCE": func(s string) string {
			return withParam(withParam(s, "code_challenge", ""), "code_challenge_method", "")
		},
		"plain": func(s string) string { return withParam(s, "code_challenge_method", "plain") },
		"token": func(s string) string { return withParam(s, "response_type", "token") },
	} {
		a := r.authURL()
		cb, _ := callback(t, b, host, func() *apptest.Page { return b.Get(mutate(a.URL)) })
		if cb == nil || cb.Query().Get("error") == "" || cb.Query().Get("state") != a.State || cb.Query().Get("iss") != env.App.Config.Issuer {
			t.Errorf("%s: callback %v", name, cb)
		}
	}
}

// TestOIDCRefusesBadCodes: a code works once (reuse revokes its tokens),
// only for its client, only with its verifier, and not after it expired.
func TestOIDCRefusesBadCodes(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Code BV", account.Werkgever)
	u := env.User(t, org, "code@code.example", goodPassword)
	r := newRP(t, env, "verzuim")
	other := newRP(t, env, "ander")
	b := env.Browser(t)

	a := r.authURL()
	cb := loginFor(t, env, b, r, a, u.Email)
	tok, err := r.exchange(t, cb, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.exchange(t, cb, a); err == nil || !strings.Contains(err.Error(), "invalid_grant") {
		t.Errorf("reused code: %v", err)
	}
	if introspect(t, env, r, tok.AccessToken)["active"] != false {
		t.Error("a reused code must revoke the tokens it gave")
	}

	a = r.authURL()
	cb = loginFor(t, env, b, r, a, u.Email)
	other.oauth.RedirectURL = r.oauth.RedirectURL
	if _, err := other.exchange(t, cb, a); err == nil {
		t.Error("another client exchanged the code")
	}

	a = r.authURL()
	cb = loginFor(t, env, b, r, a, u.Email)
	if _, err := r.oauth.Exchange(t.Context(), cb.Query().Get("code"), oauth2.VerifierOption(oauth2.GenerateVerifier())); err == nil {
		t.Error("a wrong PKCE verifier was accepted")
	}

	// Expiry: a code lives oidc.code_ttl on the provider's clock.
	a = r.authURL()
	cb = loginFor(t, env, b, r, a, u.Email)
	env.Clock.Advance(env.App.Config.OIDC.CodeTTL)
	if _, err := r.exchange(t, cb, a); err == nil || !strings.Contains(err.Error(), "invalid_grant") {
		t.Errorf("expired code: %v", err)
	}

	// A wrong client secret.
	r.oauth.ClientSecret = "wrong"
	a = r.authURL()
	if _, err := r.exchange(t, loginFor(t, env, b, r, a, u.Email), a); err == nil || !strings.Contains(err.Error(), "invalid_client") {
		t.Errorf("wrong secret: %v", err)
	}
}

// TestOIDCPromptAndMaxAge: prompt=none without a session is login_required
// at the client; prompt=login and an exceeded max_age ask for the password
// and the second factor again.
func TestOIDCPromptAndMaxAge(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Prompt BV", account.Werkgever)
	u := env.User(t, org, "prompt@prompt.example", goodPassword)
	r := newRP(t, env, "verzuim")
	b := env.Browser(t)
	host := hostOf(r.srv.URL)

	a := r.authURL(oauth2.SetAuthURLParam("prompt", "none"))
	cb, _ := callback(t, b, host, func() *apptest.Page { return b.Get(a.URL) })
	if cb == nil || cb.Query().Get("error") != "login_required" || cb.Query().Get("state") != a.State {
		t.Fatalf("prompt=none without session: %v", cb)
	}
	loginFor(t, env, b, r, r.authURL(), u.Email)
	if cb, _ := callback(t, b, host, func() *apptest.Page { return b.Get(r.authURL(oauth2.SetAuthURLParam("prompt", "none")).URL) }); cb == nil || cb.Query().Get("code") == "" {
		t.Fatalf("prompt=none with a session: %v", cb)
	}
	for name, opt := range map[string]oauth2.AuthCodeOption{
		"prompt=login": oauth2.SetAuthURLParam("prompt", "login"),
		"max_age=1":    oauth2.SetAuthURLParam("max_age", "1"),
	} {
		env.Clock.Advance(2 * time.Second)
		a := r.authURL(opt)
		cb, p := callback(t, b, host, func() *apptest.Page { return b.Get(a.URL) })
		if cb != nil || p.URL.Path != "/login" {
			t.Fatalf("%s must ask for the login again: %v %s", name, cb, p.URL)
		}
		cb = loginFor(t, env, b, r, a, u.Email)
		tok, err := r.exchange(t, cb, a)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		idt, err := r.verifier.Verify(t.Context(), tok.Extra("id_token").(string))
		if err != nil {
			t.Fatal(err)
		}
		var c idClaims
		_ = idt.Claims(&c)
		if time.Unix(c.AuthTime, 0).Before(env.Clock.Now().Add(-2 * time.Minute)) {
			t.Errorf("%s: auth_time %d is not the new login", name, c.AuthTime)
		}
	}
}

// TestOIDCConsentForThirdParties: a client that is not first-party asks
// once; a refusal is access_denied at the client.
func TestOIDCConsentForThirdParties(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Toestemming BV", account.Werkgever)
	u := env.User(t, org, "ok@toestemming.example", goodPassword)
	r := newRP(t, env, "extern", func(c *oauthstore.Client) { c.FirstParty = false; c.Name = "Extern Rooster" })
	b := env.Browser(t)
	host := hostOf(r.srv.URL)
	a := r.authURL()
	_, p := callback(t, b, host, func() *apptest.Page { return b.Get(a.URL) })
	secret, _ := env.Secret(u.Email)
	cb, p := callback(t, b, host, func() *apptest.Page {
		p = b.Submit(p, url.Values{"email": {u.Email}, "password": {goodPassword}})
		return b.Submit(p, url.Values{"code": {env.TOTPCode(t, secret)}})
	})
	if cb != nil || !strings.Contains(p.Body, "Extern Rooster wil met uw Mijn Account inloggen") || !strings.Contains(p.Body, "uw rollen") {
		t.Fatalf("consent page expected: %v\n%s", cb, p.Body)
	}
	query := regexpFind(t, p.Body, `name="query" value="([^"]+)"`)
	query = html.UnescapeString(query)
	cb, pp := callback(t, b, host, func() *apptest.Page {
		return b.Post("/oauth2/consent", url.Values{"query": {query}, "decision": {"deny"}})
	})
	if cb == nil || cb.Query().Get("error") != "access_denied" || cb.Query().Get("state") != a.State {
		t.Fatalf("denied consent: %v\n%s", cb, pp.Body)
	}
	cb, _ = callback(t, b, host, func() *apptest.Page {
		return b.Post("/oauth2/consent", url.Values{"query": {query}, "decision": {"approve"}})
	})
	if cb == nil || cb.Query().Get("code") == "" {
		t.Fatalf("approved consent: %v", cb)
	}
	if cb, _ := callback(t, b, host, func() *apptest.Page { return b.Get(r.authURL().URL) }); cb == nil || cb.Query().Get("code") == "" {
		t.Fatal("a given consent must be remembered")
	}
}

// TestOIDCRS256Client: a client registered for RS256 gets RS256 ID tokens,
// verifiable with the JWKS.
func TestOIDCRS256Client(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "RSA BV", account.Werkgever)
	u := env.User(t, org, "rsa@rsa.example", goodPassword)
	r := newRP(t, env, "oud-systeem", func(c *oauthstore.Client) { c.IDTokenSignedResponseAlg = oauthstore.AlgRS256 })
	a := r.authURL()
	tok, err := r.exchange(t, loginFor(t, env, env.Browser(t), r, a, u.Email), a)
	if err != nil {
		t.Fatal(err)
	}
	raw := tok.Extra("id_token").(string)
	if h := decodeSegment(t, strings.Split(raw, ".")[0]); h["alg"] != "RS256" || h["kid"] == nil {
		t.Fatalf("ID token header %v", h)
	}
	if _, err := r.verifier.Verify(t.Context(), raw); err != nil {
		t.Fatalf("RS256 ID token: %v", err)
	}
	tampered := raw[:len(raw)-4] + "AAAA"
	if _, err := r.verifier.Verify(t.Context(), tampered); err == nil {
		t.Error("a tampered ID token verified")
	}
}
