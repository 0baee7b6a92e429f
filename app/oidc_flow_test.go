package app_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
)

// idClaims are the claims the relying parties rely on.
type idClaims struct {
	Sub, Email, Name, Org, Customer, Domain, Acr, Sid, Nonce string
	OrgName                                                  string `json:"org_name"`
	EmailVerified                                            bool   `json:"email_verified"`
	Roles, Amr                                               []string
	AuthTime                                                 int64 `json:"auth_time"`
}

// TestOIDCCodeFlow runs the code flow with PKCE as go-oidc and x/oauth2 do
// it: discovery, login with password and app code, the iss parameter,
// token exchange, ID token verification and claims, userinfo.
func TestOIDCCodeFlow(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend)
			arbo := env.Org(t, "Arbo Oost", account.Arbodienst, func(o *account.Org) { o.BillingCustomer = true })
			org := env.Org(t, "Bakkerij Brood", account.Werkgever, func(o *account.Org) { o.ParentID = arbo.ID })
			u := env.User(t, org, "hr@brood.example", goodPassword, "werkgever/hr")
			r := newRP(t, env, "verzuim")
			b := env.Browser(t)
			a := r.authURL()
			cb := loginFor(t, env, b, r, a, u.Email)
			q := cb.Query()
			if q.Get("state") != a.State || q.Get("iss") != env.App.Config.Issuer || q.Get("code") == "" {
				t.Fatalf("callback %s: want state, iss and code", cb)
			}
			tok, err := r.exchange(t, cb, a)
			if err != nil {
				t.Fatalf("exchange: %v", err)
			}
			if tok.RefreshToken != "" {
				t.Error("a refresh token without offline_access")
			}
			raw, _ := tok.Extra("id_token").(string)
			idt, err := r.verifier.Verify(t.Context(), raw)
			if err != nil {
				t.Fatalf("ID token: %v", err)
			}
			var c idClaims
			if err := idt.Claims(&c); err != nil {
				t.Fatal(err)
			}
			want := idClaims{Sub: u.ID, Email: u.Email, Name: u.Name, Org: org.ID, OrgName: org.Name, Customer: arbo.ID,
				Domain: "werkgever", Acr: "aal2", Nonce: a.Nonce, EmailVerified: true}
			if c.Sub != want.Sub || c.Email != want.Email || c.Name != want.Name || c.Org != want.Org || c.OrgName != want.OrgName ||
				c.Customer != want.Customer || c.Domain != want.Domain || c.Acr != want.Acr || c.Nonce != want.Nonce || !c.EmailVerified {
				t.Errorf("ID token claims %+v, want %+v", c, want)
			}
			if !slices.Equal(c.Roles, []string{"hr"}) || !slices.Equal(c.Amr, []string{"pwd", "otp"}) || c.Sid == "" || c.AuthTime == 0 {
				t.Errorf("roles %v amr %v sid %q auth_time %d", c.Roles, c.Amr, c.Sid, c.AuthTime)
			}
			info, err := r.provider.UserInfo(t.Context(), oauth2.StaticTokenSource(tok))
			if err != nil {
				t.Fatalf("userinfo: %v", err)
			}
			var ui idClaims
			_ = info.Claims(&ui)
			if ui.Sub != u.ID || ui.Org != org.ID || !slices.Equal(ui.Roles, []string{"hr"}) {
				t.Errorf("userinfo %+v", ui)
			}
			checkAccessToken(t, env, r, tok.AccessToken, u.ID, org.ID)
			// A second authorization in the same browser needs no new login.
			if again := loginFor(t, env, b, r, r.authURL(), u.Email); again.Query().Get("code") == "" {
				t.Fatal("no code for a browser with a session")
			}
		})
	}
}

// checkAccessToken verifies the access token as a resource server would,
// offline against the JWKS: RFC 9068 typ, client_id, scope, org claims.
func checkAccessToken(t *testing.T, env *apptest.Env, r *rp, token, sub, org string) {
	t.Helper()
	ks := oidc.NewRemoteKeySet(t.Context(), env.App.Config.Issuer+"/.well-known/jwks.json")
	payload, err := ks.VerifySignature(t.Context(), token)
	if err != nil {
		t.Fatalf("access token signature: %v", err)
	}
	header := strings.SplitN(token, ".", 2)[0]
	if h := decodeSegment(t, header); h["typ"] != "at+jwt" || h["kid"] == nil {
		t.Errorf("access token header %v", h)
	}
	var c map[string]any
	if err := jsonUnmarshal(payload, &c); err != nil {
		t.Fatal(err)
	}
	if c["sub"] != sub || c["client_id"] != r.client.ID || c["org"] != org || c["iss"] != env.App.Config.Issuer ||
		!strings.Contains(c["scope"].(string), "openid") {
		t.Errorf("access token claims %v", c)
	}
}
