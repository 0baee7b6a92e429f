package app_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/audit"
)

// rpSession logs u in at the relying party r in b and returns the sid of
// the ID token.
func rpSession(t *testing.T, env *apptest.Env, b *apptest.Browser, r *rp, email string) string {
	t.Helper()
	a := r.authURL()
	tok, err := r.exchange(t, loginFor(t, env, b, r, a, email), a)
	if err != nil {
		t.Fatal(err)
	}
	idt, err := r.verifier.Verify(t.Context(), tok.Extra("id_token").(string))
	if err != nil {
		t.Fatal(err)
	}
	var c idClaims
	if err := idt.Claims(&c); err != nil || c.Sid == "" {
		t.Fatalf("ID token without sid: %v", err)
	}
	return c.Sid
}

// logoutClaims waits for the back-channel notifications of the given
// instances and returns the claims of every logout token r received, each
// verified against the provider's JWKS.
func logoutClaims(t *testing.T, env *apptest.Env, r *rp, instances ...*app.App) []map[string]any {
	t.Helper()
	for _, a := range append([]*app.App{env.App}, instances...) {
		a.Backchannel.Wait()
	}
	r.mu.Lock()
	raw := append([]string(nil), r.logouts...)
	r.mu.Unlock()
	ks := oidc.NewRemoteKeySet(t.Context(), env.App.Config.Issuer+"/.well-known/jwks.json")
	var out []map[string]any
	for _, tok := range raw {
		payload, err := ks.VerifySignature(t.Context(), tok)
		if err != nil {
			t.Fatalf("logout token signature: %v", err)
		}
		var c map[string]any
		if err := jsonUnmarshal(payload, &c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// wantOneLogout fails unless r received exactly one logout token, for the
// session sid of user sub.
func wantOneLogout(t *testing.T, claims []map[string]any, sub, sid string) {
	t.Helper()
	if len(claims) != 1 {
		t.Fatalf("%d logout tokens, want exactly 1: %v", len(claims), claims)
	}
	c := claims[0]
	events, _ := c["events"].(map[string]any)
	if c["sub"] != sub || c["sid"] != sid || c["aud"] != "verzuim" || events["http://schemas.openid.net/event/backchannel-logout"] == nil {
		t.Errorf("logout token %v, want sub %s and sid %s for verzuim", c, sub, sid)
	}
}

// expiryEvents returns the session.expired events of the audit trail.
func expiryEvents(t *testing.T, env *apptest.Env) []audit.Event {
	t.Helper()
	var out []audit.Event
	for _, e := range auditEvents(t, env) {
		if e.Action == "session.expired" {
			out = append(out, e)
		}
	}
	return out
}

func expire(t *testing.T, a *app.App) int {
	t.Helper()
	n, err := a.ExpireSessions(t.Context())
	if err != nil {
		t.Fatalf("expire sessions: %v", err)
	}
	return n
}

// TestTimedOutSessionsLogOutAtTheRelyingParty: a session that ends by its
// idle timeout or its absolute end is ended by the job like a logout: the
// relying party gets one logout token with the session's sid and sub (long
// after the tokens it held expired), the end is audited with ids only, and
// a session in use is left alone.
func TestTimedOutSessionsLogOutAtTheRelyingParty(t *testing.T) {
	for _, tc := range []struct {
		name   string
		reason string
		pass   func(t *testing.T, env *apptest.Env, b *apptest.Browser, r *rp)
	}{
		{name: "idle timeout", reason: "idle", pass: func(t *testing.T, env *apptest.Env, _ *apptest.Browser, _ *rp) {
			env.Clock.Advance(29 * time.Minute)
			if n := expire(t, env.App); n != 0 {
				t.Fatalf("%d sessions ended before the idle timeout", n)
			}
			env.Clock.Advance(2 * time.Minute)
		}},
		{name: "absolute end despite use", reason: "absolute", pass: func(t *testing.T, env *apptest.Env, b *apptest.Browser, r *rp) {
			for at := 29 * time.Minute; at < 12*time.Hour; at += 29 * time.Minute {
				env.Clock.Advance(29 * time.Minute)
				if p := b.Get("/account"); p.URL.Path != "/account" {
					t.Fatalf("at %v the session in use ended: %s", at, p.URL)
				}
				if n := expire(t, env.App); n != 0 {
					t.Fatalf("at %v a session in use was ended", at)
				}
			}
			if got := logoutClaims(t, env, r); len(got) != 0 {
				t.Fatalf("logout tokens for a session in use: %v", got)
			}
			env.Clock.Advance(29 * time.Minute)
		}},
	} {
		for _, backend := range apptest.Backends {
			t.Run(tc.name+"/"+backend, func(t *testing.T) {
				env := apptest.New(t, backend)
				org := env.Org(t, "Tijd BV", account.Werkgever)
				u := env.User(t, org, "tijd@tijd.example", goodPassword)
				r := newRP(t, env, "verzuim")
				b := env.Browser(t)
				sid := rpSession(t, env, b, r, u.Email)

				tc.pass(t, env, b, r)
				if n := expire(t, env.App); n != 1 {
					t.Fatalf("ended %d sessions, want 1", n)
				}
				wantOneLogout(t, logoutClaims(t, env, r), u.ID, sid)
				if n := expire(t, env.App); n != 0 {
					t.Fatalf("a second run ended %d more", n)
				}
				wantOneLogout(t, logoutClaims(t, env, r), u.ID, sid)
				if p := b.Get("/account"); p.URL.Path == "/account" {
					t.Fatal("the expired session still opens the portal")
				}
				events := expiryEvents(t, env)
				if len(events) != 1 {
					t.Fatalf("%d session.expired events, want 1", len(events))
				}
				e := events[0]
				if e.TargetType != "session" || e.TargetID != sid || e.OrgID != org.ID || e.ActorID != "" ||
					e.Reason != tc.reason || e.Outcome != audit.OutcomeSuccess {
					t.Errorf("audit event %+v, want the session %s of org %s, reason %s", e, sid, org.ID, tc.reason)
				}
			})
		}
	}
}

// TestRacingInstancesSendOneLogoutToken: two instances on the same
// PostgreSQL and Redis run the expiry job at the same moment; the expired
// session is ended, audited and logged out at the relying party once.
func TestRacingInstancesSendOneLogoutToken(t *testing.T) {
	env := apptest.New(t, "postgres")
	second, err := app.OpenWith(context.Background(), env.App.Config, slog.New(slog.DiscardHandler), app.Options{Now: env.Clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { second.Close() })
	org := env.Org(t, "Twee BV", account.Werkgever)
	u := env.User(t, org, "twee@twee.example", goodPassword)
	r := newRP(t, env, "verzuim")
	sid := rpSession(t, env, env.Browser(t), r, u.Email)
	env.Clock.Advance(31 * time.Minute)

	var wg sync.WaitGroup
	var mu sync.Mutex
	ended := 0
	for _, a := range []*app.App{env.App, second, env.App, second} {
		wg.Go(func() {
			n, err := a.ExpireSessions(context.Background())
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			ended += n
			mu.Unlock()
		})
	}
	wg.Wait()
	if ended != 1 {
		t.Fatalf("the instances ended %d sessions, want 1", ended)
	}
	wantOneLogout(t, logoutClaims(t, env, r, second), u.ID, sid)
	if events := expiryEvents(t, env); len(events) != 1 {
		t.Fatalf("%d session.expired events, want 1", len(events))
	}
}

// TestLogoutAfterTheTokensExpiredStillReachesTheRelyingParty: the session
// remembers the clients it gave a code to, so a logout twenty minutes after
// the login (the code and access token long expired, no refresh token)
// still sends the relying party its logout token.
func TestLogoutAfterTheTokensExpiredStillReachesTheRelyingParty(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Later BV", account.Werkgever)
	u := env.User(t, org, "later@later.example", goodPassword)
	r := newRP(t, env, "verzuim")
	b := env.Browser(t)
	sid := rpSession(t, env, b, r, u.Email)
	env.Clock.Advance(20 * time.Minute)
	if p := b.Get("/account"); p.URL.Path != "/account" {
		t.Fatalf("the session must still be alive: %s", p.URL)
	}
	if p := b.Post("/logout", nil); p.URL.Path != "/logout" {
		t.Fatalf("logout: %s", p.URL)
	}
	wantOneLogout(t, logoutClaims(t, env, r), u.ID, sid)
}
