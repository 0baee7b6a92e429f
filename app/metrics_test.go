package app_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2/clientcredentials"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// scrape returns the /metrics exposition of env.
func scrape(t *testing.T, env *apptest.Env) string {
	t.Helper()
	resp, err := http.Get(env.App.Config.Issuer + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics answered %d", resp.StatusCode)
	}
	return string(b)
}

// TestMetricsCountLoginsFactorsTokensAndSMS: /metrics counts what happened,
// by fixed labels: logins and factor failures (from the audit trail), token
// requests by grant and outcome, SMS by purpose.
func TestMetricsCountLoginsFactorsTokensAndSMS(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Metriek BV", account.Werkgever)
	u := env.User(t, org, "metriek@metriek.example", goodPassword)
	secret, _ := env.Secret(u.Email)

	before := scrape(t, env)
	for _, absent := range []string{`action="login.succeeded"`, `grant_type="client_credentials"`, `mijnaccount_sms_sent_total{`} {
		if strings.Contains(before, absent) {
			t.Fatalf("fresh server already counts %s", absent)
		}
	}

	b := env.Browser(t)
	p := b.Password(u.Email, goodPassword)
	if p.URL.Path != "/login/factor/totp" {
		t.Fatalf("after the password: %s", p.URL)
	}
	b.Submit(p, url.Values{"code": {"000000"}})
	if ok := b.Submit(p, url.Values{"code": {env.TOTPCode(t, secret)}}); ok.URL.Path != "/account" {
		t.Fatalf("login: %s", ok.URL)
	}

	smsUser := env.UserWithoutFactor(t, org, "sms-metriek@metriek.example", goodPassword)
	env.Clock.Advance(time.Minute)
	enrolSMS(t, env, env.Browser(t), smsUser.Email, "06 1234 5678", "+31612345678")

	r := newRP(t, env, "metrics-batch", func(c *oauthstore.Client) {
		c.GrantTypes = []string{oauthstore.GrantClientCredentials}
		c.Scopes = []string{"org"}
		c.RedirectURIs, c.PostLogoutRedirectURIs, c.BackchannelLogoutURI = nil, nil, ""
	})
	cc := clientcredentials.Config{ClientID: r.client.ID, ClientSecret: r.secret, TokenURL: r.provider.Endpoint().TokenURL, Scopes: []string{"org"}}
	if _, err := cc.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	cc.ClientSecret = "not-the-secret"
	if _, err := cc.Token(context.Background()); err == nil {
		t.Fatal("wrong secret accepted")
	}
	if status, _ := r.tokenForm(t, env, url.Values{"grant_type": {"made_up_grant"}}); status != http.StatusBadRequest {
		t.Fatalf("unknown grant answered %d", status)
	}

	after := scrape(t, env)
	for _, want := range []string{
		`mijnaccount_audit_events_total{action="login.factor_failed",outcome="failure"} 1`,
		`mijnaccount_audit_events_total{action="login.succeeded",outcome="success"} 2`,
		`mijnaccount_token_requests_total{grant_type="client_credentials",outcome="issued"} 1`,
		`mijnaccount_token_requests_total{grant_type="client_credentials",outcome="invalid_client"} 1`,
		`mijnaccount_token_requests_total{grant_type="other",`,
		`mijnaccount_sms_sent_total{purpose="enrol",`,
	} {
		if !strings.Contains(after, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	for _, never := range []string{u.Email, smsUser.Email, "31612345678", secret, "made_up_grant"} {
		if strings.Contains(after, never) {
			t.Errorf("/metrics exposes %q", never)
		}
	}
}
