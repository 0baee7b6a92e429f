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

	"github.com/mijnaccount/mijnaccount/absence/oidclogin/oidctest"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/storage"
)

func loggedIn(b *browser) bool {
	_, body := b.get("/")
	return strings.Contains(body, "Welkom,")
}

func postLogout(t *testing.T, e *env, token string) int {
	t.Helper()
	resp, err := http.PostForm(e.url+"/backchannel-logout", url.Values{"logout_token": {token}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", resp.Header.Get("Cache-Control"))
	}
	return resp.StatusCode
}

// TestBackchannelLogoutEndsTheSession: a valid logout token ends every
// session of its sid and nothing else; bad tokens end nothing.
func TestBackchannelLogoutEndsTheSession(t *testing.T) {
	e := newEnv(t)
	a1, a2, other := e.browser(), e.browser(), e.browser()
	a1.login(claims("sid", "sid-a"))
	a2.login(claims("sid", "sid-a"))
	other.login(claims("sid", "sid-b", "sub", "user-other"))
	for _, b := range []*browser{a1, a2, other} {
		if !loggedIn(b) {
			t.Fatal("login failed")
		}
	}

	otherKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	bad := map[string]string{
		"typ JWT":        e.iss.Sign(e.iss.LogoutClaims("user-hr", "sid-a"), "JWT"),
		"wrongly signed": oidctest.SignES256(otherKey, e.iss.KeyID, "logout+jwt", e.iss.LogoutClaims("user-hr", "sid-a")),
		"wrong audience": func() string {
			c := e.iss.LogoutClaims("user-hr", "sid-a")
			c["aud"] = "another-app"
			return e.iss.Sign(c, "logout+jwt")
		}(),
		"wrong issuer": func() string {
			c := e.iss.LogoutClaims("user-hr", "sid-a")
			c["iss"] = "https://evil.example"
			return e.iss.Sign(c, "logout+jwt")
		}(),
		"no event": func() string {
			c := e.iss.LogoutClaims("user-hr", "sid-a")
			delete(c, "events")
			return e.iss.Sign(c, "logout+jwt")
		}(),
		"with nonce": func() string {
			c := e.iss.LogoutClaims("user-hr", "sid-a")
			c["nonce"] = "abc"
			return e.iss.Sign(c, "logout+jwt")
		}(),
		"expired": func() string {
			c := e.iss.LogoutClaims("user-hr", "sid-a")
			c["exp"] = time.Now().Add(-time.Minute).Unix()
			return e.iss.Sign(c, "logout+jwt")
		}(),
		"an ID token": e.iss.IDToken("n"),
		"empty":       "",
	}
	for name, tok := range bad {
		if status := postLogout(t, e, tok); status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", name, status)
		}
	}
	if !loggedIn(a1) || !loggedIn(a2) {
		t.Fatal("a refused logout token ended a session")
	}
	if !e.hasEvent("absence.backchannel_logout", "", audit.OutcomeDenied) {
		t.Error("refused logout tokens not audited")
	}

	valid := e.iss.LogoutToken("user-hr", "sid-a")
	if status := postLogout(t, e, valid); status != http.StatusOK {
		t.Fatalf("valid token: %d", status)
	}
	if loggedIn(a1) || loggedIn(a2) {
		t.Fatal("sessions of the sid still live")
	}
	if !loggedIn(other) {
		t.Fatal("another sid's session ended")
	}
	if status := postLogout(t, e, valid); status != http.StatusBadRequest {
		t.Fatalf("replayed token: %d", status)
	}
	if !e.hasEvent("absence.backchannel_logout", "", audit.OutcomeSuccess) {
		t.Error("back-channel logout not audited")
	}

	// Without sid, the subject's sessions end.
	c := e.iss.LogoutClaims("user-other", "")
	delete(c, "sid")
	if status := postLogout(t, e, e.iss.Sign(c, "logout+jwt")); status != http.StatusOK {
		t.Fatalf("sub-only token: %d", status)
	}
	if loggedIn(other) {
		t.Fatal("the subject's session still live")
	}
}

// TestBackchannelIsExemptFromCrossOriginCheck: the provider posts from its
// own origin; a browser-like cross-site header must not block it.
func TestBackchannelIsExemptFromCrossOriginCheck(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(claims())
	req, _ := http.NewRequest(http.MethodPost, e.url+"/backchannel-logout",
		strings.NewReader(url.Values{"logout_token": {e.iss.LogoutToken("user-hr", "sid-1")}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || loggedIn(b) {
		t.Fatalf("status %d", resp.StatusCode)
	}
	// Other posts from another site are refused.
	req, _ = http.NewRequest(http.MethodPost, e.url+"/logout", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site logout post: %d", resp.StatusCode)
	}
}

// TestProductionBackends runs a login, an absence and a back-channel logout
// on PostgreSQL (both databases) and Redis, as in production.
func TestProductionBackends(t *testing.T) {
	e := newEnv(t, onPostgres(t))
	if e.app.DB.Dialect != storage.Postgres || e.app.AuditDB.Dialect != storage.Postgres {
		t.Fatal("not on PostgreSQL")
	}
	b := e.browser()
	b.login(claims())
	if !loggedIn(b) {
		t.Fatal("login failed")
	}
	emp := registerEmployee(t, b, "1", "Sanne de Vries")
	abs := reportSick(t, b, emp, today().AddDays(-3), "")
	if _, body := b.get("/cases/" + abs); !strings.Contains(body, "Probleemanalyse") {
		t.Fatal("no timeline")
	}
	if status := postLogout(t, e, e.iss.LogoutToken("user-hr", "sid-1")); status != http.StatusOK {
		t.Fatalf("logout token: %d", status)
	}
	if loggedIn(b) {
		t.Fatal("session survived the back-channel logout")
	}
	if status, body := e.browser().get("/readyz"); status != http.StatusOK || !strings.Contains(body, `"redis":"ok"`) {
		t.Fatalf("readyz %d %s", status, body)
	}
}
