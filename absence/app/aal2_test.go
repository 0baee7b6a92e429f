package app_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/app"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// The application asks the provider for a login no older than max_age, and
// refuses an ID token whose auth_time is older (or absent) whatever the
// provider did: a long session at the provider must not silently renew the
// application's sessions.
func TestLoginOnAStaleProviderLoginIsRefused(t *testing.T) {
	e := newEnv(t, map[string]string{"ABSENCE_SESSION_ABSOLUTE": "8h"})
	_, loc := e.browser().startLogin()
	if got := loc.Query().Get("max_age"); got != "28800" {
		t.Fatalf("authorization request max_age=%q, want 28800 (8h)", got)
	}
	for name, tamper := range map[string]func(map[string]any){
		"auth_time 30 days old": func(c map[string]any) { c["auth_time"] = time.Now().Add(-30 * 24 * time.Hour).Unix() },
		"auth_time 9 hours old": func(c map[string]any) { c["auth_time"] = time.Now().Add(-9 * time.Hour).Unix() },
		"no auth_time":          func(c map[string]any) { delete(c, "auth_time") },
	} {
		t.Run(name, func(t *testing.T) {
			e.iss.Tamper(tamper)
			defer e.iss.Tamper(nil)
			b := e.browser()
			status, body := b.login(claims())
			if status != http.StatusForbidden {
				t.Fatalf("status %d:\n%s", status, excerpt(body))
			}
			mustContain(t, body, "te lang geleden", "Uitloggen bij Mijn Account")
			resp, err := b.noRedirects().Get(e.url + "/employees")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				t.Fatal("a refused login left a session")
			}
		})
	}
	if !e.hasEvent("absence.login", "", audit.OutcomeDenied) {
		t.Fatal("the refusals were not audited")
	}
}

// A session started on a login 7 hours old ends 8 hours after that login,
// however busy the user is.
func TestSessionEndsAtTheLifetimeOfTheProviderLogin(t *testing.T) {
	now := time.Now()
	clock := storagetest.NewClock(now)
	e := startEnv(t, app.Options{Now: clock.Now}, map[string]string{"ABSENCE_SESSION_ABSOLUTE": "8h"})
	e.iss.Tamper(func(c map[string]any) { c["auth_time"] = now.Add(-7 * time.Hour).Unix() })
	defer e.iss.Tamper(nil)
	b := e.browser()
	if status, body := b.login(claims()); status != http.StatusOK || !strings.Contains(body, "Welkom") {
		t.Fatalf("login on a 7-hour-old provider login: %d\n%s", status, excerpt(body))
	}
	e.iss.Tamper(func(c map[string]any) { delete(c, "auth_time") }) // no new login can slip in
	for range 2 {
		clock.Advance(25 * time.Minute) // 7h25m, 7h50m: in use, within the lifetime
		if status, body := b.get("/employees"); status != http.StatusOK || strings.Contains(body, "Inloggen met Mijn Account") {
			t.Fatalf("the session ended early: %d", status)
		}
	}
	clock.Advance(25 * time.Minute) // 8h15m after the provider login, 25 minutes after the last use
	resp, err := b.noRedirects().Get(e.url + "/employees")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Fatal("8h15m after the provider login the session must be over")
	}
}
