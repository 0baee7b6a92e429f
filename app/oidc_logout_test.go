package app_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
)

// TestOIDCLogout: RP-initiated logout with id_token_hint ends the session
// and returns to the registered URI with state; every client of the session
// gets a signed back-channel logout token.
func TestOIDCLogout(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Uit BV", account.Werkgever)
			u := env.User(t, org, "uit@uit.example", goodPassword)
			r := newRP(t, env, "verzuim")
			b := env.Browser(t)
			a := r.authURL()
			tok, err := r.exchange(t, loginFor(t, env, b, r, a, u.Email), a)
			if err != nil {
				t.Fatal(err)
			}
			rawID := tok.Extra("id_token").(string)
			idt, _ := r.verifier.Verify(t.Context(), rawID)
			var c idClaims
			_ = idt.Claims(&c)

			// An unregistered return address is not used.
			q := url.Values{"id_token_hint": {rawID}, "post_logout_redirect_uri": {"https://evil.example/"}, "state": {"s1"}}
			cb, p := callback(t, b, "evil.example", func() *apptest.Page { return b.Get("/oauth2/sessions/logout?" + q.Encode()) })
			if cb != nil || !strings.Contains(p.Body, "uitgelogd") {
				t.Fatalf("unregistered post_logout_redirect_uri: %v\n%s", cb, p.Body)
			}
			env.App.Backchannel.Wait()

			// Log in again and log out properly.
			a = r.authURL()
			tok, _ = r.exchange(t, loginFor(t, env, b, r, a, u.Email), a)
			rawID = tok.Extra("id_token").(string)
			idt, _ = r.verifier.Verify(t.Context(), rawID)
			_ = idt.Claims(&c)
			q = url.Values{"id_token_hint": {rawID}, "post_logout_redirect_uri": {r.srv.URL + "/loggedout"}, "state": {"s2"}}
			cb, _ = callback(t, b, hostOf(r.srv.URL), func() *apptest.Page { return b.Get("/oauth2/sessions/logout?" + q.Encode()) })
			if cb == nil || cb.Path != "/loggedout" || cb.Query().Get("state") != "s2" {
				t.Fatalf("logout redirect: %v", cb)
			}
			if p := b.Get("/account"); p.URL.Path == "/account" {
				t.Fatal("the session survived the logout")
			}
			env.App.Backchannel.Wait()
			r.mu.Lock()
			logouts := append([]string(nil), r.logouts...)
			r.mu.Unlock()
			if len(logouts) != 2 {
				t.Fatalf("%d back-channel logout tokens, want 2 (one per ended session)", len(logouts))
			}
			ks := oidc.NewRemoteKeySet(t.Context(), env.App.Config.Issuer+"/.well-known/jwks.json")
			payload, err := ks.VerifySignature(t.Context(), logouts[1])
			if err != nil {
				t.Fatalf("logout token signature: %v", err)
			}
			var lt map[string]any
			_ = jsonUnmarshal(payload, &lt)
			events, _ := lt["events"].(map[string]any)
			if lt["sub"] != u.ID || lt["sid"] != c.Sid || lt["aud"] != "verzuim" || lt["iss"] != env.App.Config.Issuer ||
				events["http://schemas.openid.net/event/backchannel-logout"] == nil || lt["nonce"] != nil {
				t.Errorf("logout token claims %v (sid want %s)", lt, c.Sid)
			}
			if h := decodeSegment(t, strings.Split(logouts[1], ".")[0]); h["typ"] != "logout+jwt" {
				t.Errorf("logout token header %v", h)
			}
		})
	}
}

// TestOIDCLogoutWithoutHintAsks: without a hint the user confirms first,
// then the clients of the session are told.
func TestOIDCLogoutWithoutHintAsks(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Vraag BV", account.Werkgever)
	u := env.User(t, org, "vraag@vraag.example", goodPassword)
	r := newRP(t, env, "verzuim")
	b := env.Browser(t)
	loginFor(t, env, b, r, r.authURL(), u.Email)
	p := b.Get("/oauth2/sessions/logout?client_id=verzuim&post_logout_redirect_uri=" + url.QueryEscape(r.srv.URL+"/loggedout"))
	if !strings.Contains(p.Body, "Verzuim verzuim vraagt u uit te loggen") {
		t.Fatalf("confirmation page expected:\n%s", p.Body)
	}
	if got := b.Get("/account"); got.URL.Path != "/account" {
		t.Fatal("asking must not log out yet")
	}
	form := url.Values{"confirm": {"1"}, "client_id": {"verzuim"}, "post_logout_redirect_uri": {r.srv.URL + "/loggedout"}, "state": {"s3"}}
	cb, _ := callback(t, b, hostOf(r.srv.URL), func() *apptest.Page { return b.Post("/oauth2/sessions/logout", form) })
	if cb == nil || cb.Path != "/loggedout" || cb.Query().Get("state") != "s3" {
		t.Fatalf("confirmed logout: %v", cb)
	}
	if got := b.Get("/account"); got.URL.Path == "/account" {
		t.Fatal("the session survived the confirmed logout")
	}
	env.App.Backchannel.Wait()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.logouts) != 1 {
		t.Errorf("%d logout tokens after the confirmed logout, want 1", len(r.logouts))
	}
}
