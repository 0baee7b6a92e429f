package app_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/audit"
)

func TestLoginAndSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	status, body := b.get("/")
	if status != http.StatusOK {
		t.Fatalf("start page %d", status)
	}
	mustContain(t, body, `href="/login"`, "Inloggen met Mijn Account", "<title>Verzuim · Verzuim</title>", `class="brand" href="/">Verzuim</a>`)

	// /login is a plain GET redirect to the provider with PKCE.
	status, loc := b.startLogin()
	if status != http.StatusFound || !strings.HasPrefix(loc.String(), e.iss.URL+"/authorize?") ||
		loc.Query().Get("code_challenge_method") != "S256" || loc.Query().Get("redirect_uri") != e.url+"/callback" {
		t.Fatalf("login answered %d %s", status, loc)
	}

	status, body = b.login(claims())
	if status != http.StatusOK {
		t.Fatalf("after login %d:\n%s", status, excerpt(body))
	}
	mustContain(t, body, "Welkom, Noor Visser", "Bakkerij De Korenschoof", `action="/logout"`)
	if !e.hasEvent("absence.login", "", audit.OutcomeSuccess) {
		t.Fatal("no audit event for the login")
	}

	resp, err := b.c.Get(e.url + "/employees")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "form-action 'self'") || strings.Contains(csp, e.iss.URL) || !strings.HasSuffix(csp, "form-action 'self'") {
		t.Fatalf("CSP %q: forms may post only to the application", csp)
	}
	for _, h := range []string{"X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("no %s", h)
		}
	}
	for _, c := range b.c.Jar.Cookies(resp.Request.URL) {
		if c.Name == "absence_session" && (strings.Contains(c.Value, "user-hr") || len(c.Value) < 40) {
			t.Fatalf("session cookie %q", c.Value)
		}
	}
	// Health endpoints.
	for _, p := range []string{"/healthz", "/readyz"} {
		if status, _ := b.get(p); status != http.StatusOK {
			t.Errorf("%s: %d", p, status)
		}
	}
}

// TestLoginRefusals: whatever the provider says, the application refuses a
// login without a second factor, at a lower level, or with a token that
// does not verify — and keeps no session.
func TestLoginRefusals(t *testing.T) {
	otherKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	cases := []struct {
		name   string
		tamper func(c map[string]any)
		key    *ecdsa.PrivateKey
		status int
		text   string
	}{
		{"password only", func(c map[string]any) { c["amr"] = []string{"pwd"} }, nil, http.StatusForbidden, "zonder tweede stap"},
		{"acr aal1", func(c map[string]any) { c["acr"] = "aal1" }, nil, http.StatusForbidden, "inlogniveau is te laag"},
		{"wrong audience", func(c map[string]any) { c["aud"] = "another-app" }, nil, http.StatusBadRequest, "ongeldig of verlopen"},
		{"expired", func(c map[string]any) {
			c["iat"] = time.Now().Add(-time.Hour).Unix()
			c["exp"] = time.Now().Add(-20 * time.Minute).Unix()
		}, nil, http.StatusBadRequest, "ongeldig of verlopen"},
		{"wrongly signed", nil, otherKey, http.StatusBadRequest, "ongeldig of verlopen"},
		{"no org", func(c map[string]any) { delete(c, "org") }, nil, http.StatusForbidden, "bij welke organisatie"},
		{"unknown domain", func(c map[string]any) { c["domain"] = "gemeente" }, nil, http.StatusForbidden, "die Verzuim niet kent"},
	}
	e := newEnv(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.iss.Tamper(tc.tamper)
			e.iss.SignWith(tc.key)
			defer e.iss.Tamper(nil)
			defer e.iss.SignWith(nil)
			b := e.browser()
			status, body := b.login(claims())
			if status != tc.status {
				t.Fatalf("status %d, want %d:\n%s", status, tc.status, excerpt(body))
			}
			mustContain(t, body, tc.text, "Opnieuw inloggen")
			if status, body := b.get("/employees"); status != http.StatusOK || !strings.Contains(body, "Inloggen met Mijn Account") {
				// Without a session /employees sends the browser to log in
				// again; the test provider then refuses the same way.
				if status == http.StatusOK && strings.Contains(body, "Medewerkers") && !strings.Contains(body, "Geen toegang") {
					t.Fatalf("a refused login left a session: %d", status)
				}
			}
		})
	}
	if !e.hasEvent("absence.login", "", audit.OutcomeDenied) {
		t.Fatal("refusals were not audited")
	}
}

func TestCallbackChecksState(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	status, body := b.get("/callback?code=x&state=forged")
	if status != http.StatusBadRequest {
		t.Fatalf("forged state: %d", status)
	}
	mustContain(t, body, "inlogpoging is verlopen")
	// A state started in another browser is refused too.
	_, loc := e.browser().startLogin()
	if status, _ := b.get("/callback?code=x&state=" + url.QueryEscape(loc.Query().Get("state"))); status != http.StatusBadRequest {
		t.Fatalf("another browser's state: %d", status)
	}
}

func TestDomainMustMatchTheKnownOrg(t *testing.T) {
	e := newEnv(t)
	if status, _ := e.browser().login(claims()); status != http.StatusOK {
		t.Fatalf("first login %d", status)
	}
	// The same organisation id now claims to be a bedrijfsarts.
	status, body := e.browser().login(claims("domain", "bedrijfsarts", "roles", []string{"bedrijfsarts"}, "sub", "user-2"))
	if status != http.StatusForbidden {
		t.Fatalf("domain mismatch: %d", status)
	}
	mustContain(t, body, "klopt niet met wat Verzuim van uw organisatie weet", "Uitloggen bij Mijn Account", "id_token_hint")
	if !e.hasEvent("absence.login", "", audit.OutcomeDenied) {
		t.Fatal("not audited")
	}
}

func TestRoleWithoutRightsShowsAClearPage(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	status, body := b.login(claims("roles", []string{"org-admin", "beheerder"}))
	if status != http.StatusForbidden {
		t.Fatalf("status %d", status)
	}
	mustContain(t, body, "Geen rechten in Verzuim", "org-admin, beheerder", `action="/logout"`)
	if status, _ := b.get("/employees"); status != http.StatusForbidden {
		t.Fatalf("/employees without rights: %d", status)
	}
	// The role matrix stays readable, to see which role is needed.
	if status, body := b.get("/roles"); status != http.StatusOK || !strings.Contains(body, "schadebehandelaar") {
		t.Fatalf("/roles: %d", status)
	}
}

func TestLogoutIsRPInitiated(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(claims())
	resp, err := b.noRedirects().PostForm(e.url+"/logout", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	refresh := resp.Header.Get("Refresh")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(refresh, "0; url="+e.iss.URL+"/logout?") {
		t.Fatalf("logout answered %d, Refresh %q", resp.StatusCode, refresh)
	}
	end, _ := url.Parse(strings.TrimPrefix(refresh, "0; url="))
	q := end.Query()
	if q.Get("id_token_hint") == "" || q.Get("post_logout_redirect_uri") != e.url+"/logged-out" || q.Get("client_id") != "absence-test" {
		t.Fatalf("end-session request %v", q)
	}
	if status, body := b.get("/"); status != http.StatusOK || !strings.Contains(body, "Inloggen met Mijn Account") {
		t.Fatal("still logged in after logout")
	}
	// Following the hand-over ends at the logged-out page.
	if status, body := b.get("/logged-out"); status != http.StatusOK || !strings.Contains(body, "U bent uitgelogd") {
		t.Fatalf("logged-out page %d", status)
	}
	if !e.hasEvent("absence.logout", "", audit.OutcomeSuccess) {
		t.Fatal("logout not audited")
	}
}
