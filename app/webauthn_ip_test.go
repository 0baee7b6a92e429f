package app_test

import (
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/config"
)

// An issuer on an IP address (http://127.0.0.1:…) used to stop every
// command: a WebAuthn relying party id cannot be an IP address. Now the
// product runs with security keys switched off, says why in the log, and
// the enrolment wizard offers only the other factors.
func TestIPIssuerRunsWithSecurityKeysOff(t *testing.T) {
	onIP := func(c *config.Config) { c.Issuer = strings.Replace(c.Issuer, "localhost", "127.0.0.1", 1) }
	for name, tc := range map[string]struct {
		mutate  []func(*config.Config)
		keys    bool
		logsWhy bool
	}{
		"localhost": {nil, true, false},
		"127.0.0.1": {[]func(*config.Config){onIP}, false, true},
	} {
		t.Run(name, func(t *testing.T) {
			env := apptest.New(t, "sqlite", tc.mutate...)
			if got := strings.Contains(env.Logs(), "security keys are switched off"); got != tc.logsWhy {
				t.Errorf("log says security keys are off: %v, want %v\n%s", got, tc.logsWhy, env.Logs())
			}
			org := env.Org(t, "Sleutel BV", account.Werkgever) // allows every factor
			u := env.UserWithoutFactor(t, org, "nieuw@sleutel.example", goodPassword)
			b := env.Browser(t)
			p := b.Password(u.Email, goodPassword)
			if p.URL.Path != "/login/enrol" {
				t.Fatalf("after the password: %s", p.URL)
			}
			if got := strings.Contains(p.Body, "/login/enrol/key?"); got != tc.keys {
				t.Fatalf("wizard offers a security key: %v, want %v", got, tc.keys)
			}
			if !strings.Contains(p.Body, "/login/enrol/totp?") {
				t.Fatal("the wizard must still offer the authenticator app")
			}
			flow := p.URL.Query().Get("flow")
			if got := b.Get("/login/enrol/key?flow=" + flow); !tc.keys && got.URL.Path == "/login/enrol/key" {
				t.Fatal("the key enrolment page opened with security keys off")
			}
			if end, _, _ := b.EnrolTOTP(b.Get("/login/enrol?flow=" + flow)); end.URL.Path != "/account" {
				t.Fatalf("login with an app on this issuer ended at %s", end.URL)
			}
		})
	}
}
