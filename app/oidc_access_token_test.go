package app_test

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// accessClaims returns the payload of a JWT access token.
func accessClaims(t *testing.T, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("access token is not a JWT")
	}
	return decodeSegment(t, parts[1])
}

// audience reads the aud claim as a list.
func audience(c map[string]any) []string {
	var out []string
	switch v := c["aud"].(type) {
	case string:
		out = append(out, v)
	case []any:
		for _, a := range v {
			s, _ := a.(string)
			out = append(out, s)
		}
	}
	return out
}

// TestAccessTokenAudienceAndNoPersonalData: a JWT access token (RFC 9068)
// names its audience — the resource the client registered or asked for,
// else the client itself — and carries the ids, domain and roles that
// decide access, never the person's name or address or the organisation's
// name; those stay in the ID token and userinfo.
func TestAccessTokenAudienceAndNoPersonalData(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Privacy BV", account.Werkgever)
	u := env.User(t, org, "privacy@privacy.example", goodPassword, "werkgever/hr")
	personal := []string{"name", "email", "email_verified", "org_name", "birthdate"}

	r := newRP(t, env, "verzuim")
	b := env.Browser(t)
	a := r.authURL()
	tok, err := r.exchange(t, loginFor(t, env, b, r, a, u.Email), a)
	if err != nil {
		t.Fatal(err)
	}
	c := accessClaims(t, tok.AccessToken)
	if got := audience(c); !slices.Equal(got, []string{"verzuim"}) {
		t.Errorf("aud %v, want the client id when no resource is named", got)
	}
	for _, k := range personal {
		if _, ok := c[k]; ok {
			t.Errorf("access token carries %s: %v", k, c[k])
		}
	}
	for _, k := range []string{"iss", "exp", "iat", "jti", "sub", "client_id", "scope", "org", "domain", "roles", "acr", "sid"} {
		if _, ok := c[k]; !ok {
			t.Errorf("access token lacks %s: %v", k, c)
		}
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := r.verifier.Verify(t.Context(), raw)
	if err != nil {
		t.Fatal(err)
	}
	var id idClaims
	if err := idt.Claims(&id); err != nil || id.Email != u.Email || id.Name != u.Name || id.OrgName != org.Name {
		t.Errorf("the ID token must keep the identity: %+v, %v", id, err)
	}
	info, err := r.provider.UserInfo(t.Context(), oauth2.StaticTokenSource(tok))
	if err != nil || info.Email != u.Email {
		t.Errorf("userinfo must keep the address: %v %v", info, err)
	}
	if got := audience(introspect(t, env, r, tok.AccessToken)); len(got) != 0 && !slices.Equal(got, []string{"verzuim"}) {
		t.Errorf("introspection aud %v", got)
	}

	// A client registered for a resource gets tokens for that resource, by
	// default and when it asks for it with the audience parameter.
	api := newRP(t, env, "rooster", func(c *oauthstore.Client) { c.Audience = []string{"https://api.rooster.example"} })
	for name, extra := range map[string][]oauth2.AuthCodeOption{
		"registered": nil,
		"requested":  {oauth2.SetAuthURLParam("audience", "https://api.rooster.example")},
	} {
		a := api.authURL(extra...)
		tok, err := api.exchange(t, loginFor(t, env, b, api, a, u.Email), a)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := audience(accessClaims(t, tok.AccessToken)); !slices.Equal(got, []string{"https://api.rooster.example"}) {
			t.Errorf("%s resource: aud %v", name, got)
		}
	}

	batch := newRP(t, env, "batch", func(c *oauthstore.Client) {
		c.GrantTypes = []string{oauthstore.GrantClientCredentials}
		c.Scopes = []string{"org"}
		c.RedirectURIs, c.PostLogoutRedirectURIs, c.BackchannelLogoutURI = nil, nil, ""
	})
	cc := clientcredentials.Config{ClientID: batch.client.ID, ClientSecret: batch.secret, TokenURL: batch.provider.Endpoint().TokenURL,
		Scopes: []string{"org"}}
	ctok, err := cc.Token(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got := audience(accessClaims(t, ctok.AccessToken)); !slices.Equal(got, []string{"batch"}) {
		t.Errorf("client credentials aud %v, want the client id", got)
	}
}

// TestTokenEndpointRefusesUnknownGrants: the password grant and any other
// grant the provider does not offer are unsupported_grant_type (RFC 6749
// §5.2), not a hint about redirect URIs; a request without grant type is
// invalid_request.
func TestTokenEndpointRefusesUnknownGrants(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Wachtwoord BV", account.Werkgever)
	u := env.User(t, org, "ww@wachtwoord.example", goodPassword)
	r := newRP(t, env, "verzuim")
	for _, form := range []url.Values{
		{"grant_type": {"password"}, "username": {u.Email}, "password": {goodPassword}, "scope": {"openid"}},
		{"grant_type": {"implicit"}},
		{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {"x.y.z"}},
		{"grant_type": {"urn:ietf:params:oauth:grant-type:device_code"}, "device_code": {"abc"}},
		{"grant_type": {"unheard-of"}},
	} {
		status, body := r.tokenForm(t, env, form)
		var e struct {
			Error string `json:"error"`
		}
		_ = json.Unmarshal([]byte(body), &e)
		if status != 400 || e.Error != "unsupported_grant_type" || strings.Contains(body, "redirect_uri") {
			t.Errorf("grant_type %s: %d %s", form.Get("grant_type"), status, body)
		}
		if strings.Contains(body, goodPassword) {
			t.Error("the answer echoes the password")
		}
	}
	status, body := r.tokenForm(t, env, url.Values{})
	if status != 400 || !strings.Contains(body, "invalid_request") {
		t.Errorf("no grant type: %d %s", status, body)
	}
}
