package app_test

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/config"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestFactorStepFailsClosedWithoutRedis: when the store for flows, codes
// and limits is gone, neither an app code nor an SMS request gets through,
// and no text message is sent.
func TestFactorStepFailsClosedWithoutRedis(t *testing.T) {
	port := storagetest.FreePort(t)
	stop := storagetest.StartRedis(t, port)
	env := apptest.New(t, "postgres", func(c *config.Config) {
		c.Redis.URL = fmt.Sprintf("redis://127.0.0.1:%d/0", port)
	})
	org := env.Org(t, "Storing BV", account.Werkgever)
	u := env.User(t, org, "storing@storing.example", goodPassword)
	secret, _ := env.Secret(u.Email)
	b := env.Browser(t)
	p := b.Password(u.Email, goodPassword)
	if p.URL.Path != "/login/factor/totp" {
		t.Fatalf("challenge: %s", p.URL)
	}
	stop()
	got := b.Submit(p, url.Values{"code": {env.TOTPCode(t, secret)}})
	if got.Status != 503 || got.URL.Path == "/account" {
		t.Fatalf("with Redis down the code must be refused with 503, got %d at %s", got.Status, got.URL)
	}
	sms := b.Post("/login/factor/sms/send?"+p.URL.RawQuery, nil)
	if sms.Status != 503 {
		t.Fatalf("SMS request with Redis down: %d", sms.Status)
	}
	if n := len(env.SMSCodes(t, "+31612345678")); n != 0 {
		t.Fatalf("%d messages sent while the store was down", n)
	}
}
