package oidclogin_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/oidclogin"
	"github.com/mijnaccount/mijnaccount/absence/oidclogin/oidctest"
)

const redirectURL = "http://app.example/callback"

func newClient(t *testing.T, iss *oidctest.Issuer) *oidclogin.Client {
	t.Helper()
	c, err := oidclogin.New(oidclogin.Config{Issuer: iss.URL, ClientID: iss.ClientID, ClientSecret: iss.ClientSecret, RedirectURL: redirectURL})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// login runs the code flow against the test provider without a browser and
// returns what Exchange makes of the ID token.
func login(t *testing.T, c *oidclogin.Client, iss *oidctest.Issuer) (oidclogin.Identity, error) {
	t.Helper()
	ctx := context.Background()
	req := oidclogin.NewRequest()
	authURL, err := c.AuthCodeURL(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(back.String(), redirectURL) {
		t.Fatalf("authorize answered %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if back.Query().Get("state") != req.State {
		t.Fatal("state not returned")
	}
	return c.Exchange(ctx, back.Query().Get("code"), req)
}

func TestAuthCodeURLUsesPKCEAndNonce(t *testing.T) {
	iss := oidctest.New(t, "absence", "geheim")
	c := newClient(t, iss)
	req := oidclogin.NewRequest()
	raw, err := c.AuthCodeURL(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(raw)
	q := u.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("code_challenge") == req.Verifier ||
		q.Get("nonce") != req.Nonce || q.Get("state") != req.State || q.Get("response_type") != "code" ||
		q.Get("scope") != "openid profile email org roles" || q.Get("redirect_uri") != redirectURL {
		t.Fatalf("authorization request %v", q)
	}
	if other := oidclogin.NewRequest(); other.State == req.State || other.Nonce == req.Nonce || other.Verifier == req.Verifier {
		t.Fatal("requests are not random")
	}
}

func TestLoginAcceptsAGoodToken(t *testing.T) {
	iss := oidctest.New(t, "absence", "geheim")
	id, err := login(t, newClient(t, iss), iss)
	if err != nil {
		t.Fatal(err)
	}
	if id.Subject != "user-hr" || id.Org != "org-werkgever" || id.Domain != "werkgever" || len(id.Roles) != 1 || id.Roles[0] != "hr" ||
		id.SID != "sid-1" || id.ACR != "aal2" || id.IDToken == "" || id.AuthTime.IsZero() {
		t.Fatalf("identity %+v", id)
	}
	for _, factor := range []string{"sms", "hwk", "rec"} {
		iss.Tamper(func(c map[string]any) { c["amr"] = []string{"pwd", factor} })
		if _, err := login(t, newClient(t, iss), iss); err != nil {
			t.Errorf("amr with %s refused: %v", factor, err)
		}
	}
}

// TestLoginRefusals: every token the application must not trust.
func TestLoginRefusals(t *testing.T) {
	otherKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		tamper func(c map[string]any)
		key    *ecdsa.PrivateKey
		want   oidclogin.Reason
	}{
		{"password only", func(c map[string]any) { c["amr"] = []string{"pwd"} }, nil, oidclogin.NoSecondFactor},
		{"no amr", func(c map[string]any) { delete(c, "amr") }, nil, oidclogin.NoSecondFactor},
		{"unknown factor", func(c map[string]any) { c["amr"] = []string{"pwd", "mfa"} }, nil, oidclogin.NoSecondFactor},
		{"email as a factor", func(c map[string]any) { c["amr"] = []string{"pwd", "email"} }, nil, oidclogin.NoSecondFactor},
		{"acr aal1", func(c map[string]any) { c["acr"] = "aal1" }, nil, oidclogin.InsufficientACR},
		{"no acr", func(c map[string]any) { delete(c, "acr") }, nil, oidclogin.InsufficientACR},
		{"wrong audience", func(c map[string]any) { c["aud"] = "another-app" }, nil, oidclogin.InvalidToken},
		{"several audiences without azp", func(c map[string]any) { c["aud"] = []string{"absence", "another-app"} }, nil, oidclogin.InvalidToken},
		{"expired", func(c map[string]any) {
			c["iat"] = time.Now().Add(-time.Hour).Unix()
			c["exp"] = time.Now().Add(-30 * time.Minute).Unix()
		}, nil, oidclogin.InvalidToken},
		{"wrong issuer", func(c map[string]any) { c["iss"] = "https://evil.example" }, nil, oidclogin.InvalidToken},
		{"wrongly signed", nil, otherKey, oidclogin.InvalidToken},
		{"wrong nonce", func(c map[string]any) { c["nonce"] = "replayed" }, nil, oidclogin.NonceMismatch},
		{"no nonce", func(c map[string]any) { delete(c, "nonce") }, nil, oidclogin.NonceMismatch},
		{"no sid", func(c map[string]any) { delete(c, "sid") }, nil, oidclogin.MissingClaims},
		{"no org", func(c map[string]any) { delete(c, "org") }, nil, oidclogin.MissingClaims},
		{"no domain", func(c map[string]any) { c["domain"] = "" }, nil, oidclogin.MissingClaims},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			iss := oidctest.New(t, "absence", "geheim")
			iss.Tamper(tc.tamper)
			iss.SignWith(tc.key)
			id, err := login(t, newClient(t, iss), iss)
			if err == nil {
				t.Fatalf("accepted: %+v", id)
			}
			if got := oidclogin.ReasonOf(err); got != tc.want {
				t.Fatalf("reason %q (%v), want %q", got, err, tc.want)
			}
		})
	}
}

func TestExchangeNeedsTheVerifierAndSecret(t *testing.T) {
	iss := oidctest.New(t, "absence", "geheim")
	c := newClient(t, iss)
	ctx := context.Background()
	req := oidclogin.NewRequest()
	authURL, _ := c.AuthCodeURL(ctx, req)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, _ := url.Parse(resp.Header.Get("Location"))
	wrong := req
	wrong.Verifier = oidclogin.NewRequest().Verifier
	if _, err := c.Exchange(ctx, back.Query().Get("code"), wrong); oidclogin.ReasonOf(err) != oidclogin.ExchangeFailed {
		t.Fatalf("a wrong verifier: %v", err)
	}

	bad, _ := oidclogin.New(oidclogin.Config{Issuer: iss.URL, ClientID: "absence", ClientSecret: "fout", RedirectURL: redirectURL})
	if _, err := login(t, bad, iss); oidclogin.ReasonOf(err) != oidclogin.ExchangeFailed {
		t.Fatalf("a wrong secret: %v", err)
	}
}

func TestConfigAndUnreachableProvider(t *testing.T) {
	if _, err := oidclogin.New(oidclogin.Config{Issuer: "ftp://x", RedirectURL: "/callback"}); err == nil {
		t.Fatal("bad config accepted")
	}
	c, err := oidclogin.New(oidclogin.Config{Issuer: "http://127.0.0.1:1", ClientID: "a", ClientSecret: "b", RedirectURL: redirectURL})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Ping(context.Background()); err == nil {
		t.Fatal("an unreachable provider pinged")
	}
	if _, err := c.VerifyIDToken(context.Background(), "x", "n"); oidclogin.ReasonOf(err) != oidclogin.Unavailable {
		t.Fatalf("VerifyIDToken without provider: %v", err)
	}
}

func TestLogoutToken(t *testing.T) {
	iss := oidctest.New(t, "absence", "geheim")
	c := newClient(t, iss)
	ctx := context.Background()
	lt, err := c.VerifyLogoutToken(ctx, iss.LogoutToken("user-hr", "sid-1"))
	if err != nil || lt.SID != "sid-1" || lt.Subject != "user-hr" || lt.JTI == "" {
		t.Fatalf("valid logout token: %+v %v", lt, err)
	}
	otherKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	bad := []struct {
		name  string
		token func() string
	}{
		{"typ JWT", func() string { return iss.Sign(iss.LogoutClaims("u", "s"), "JWT") }},
		{"no typ", func() string { return iss.Sign(iss.LogoutClaims("u", "s"), "") }},
		{"wrong audience", func() string { c := iss.LogoutClaims("u", "s"); c["aud"] = "other"; return iss.Sign(c, "logout+jwt") }},
		{"wrong issuer", func() string {
			c := iss.LogoutClaims("u", "s")
			c["iss"] = "https://evil.example"
			return iss.Sign(c, "logout+jwt")
		}},
		{"no events", func() string { c := iss.LogoutClaims("u", "s"); delete(c, "events"); return iss.Sign(c, "logout+jwt") }},
		{"other event", func() string {
			c := iss.LogoutClaims("u", "s")
			c["events"] = map[string]any{"urn:other": map[string]any{}}
			return iss.Sign(c, "logout+jwt")
		}},
		{"nonce", func() string { c := iss.LogoutClaims("u", "s"); c["nonce"] = "n"; return iss.Sign(c, "logout+jwt") }},
		{"expired", func() string {
			c := iss.LogoutClaims("u", "s")
			c["exp"] = time.Now().Add(-time.Minute).Unix()
			return iss.Sign(c, "logout+jwt")
		}},
		{"issued long ago", func() string {
			c := iss.LogoutClaims("u", "s")
			c["iat"] = time.Now().Add(-time.Hour).Unix()
			return iss.Sign(c, "logout+jwt")
		}},
		{"no jti", func() string { c := iss.LogoutClaims("u", "s"); delete(c, "jti"); return iss.Sign(c, "logout+jwt") }},
		{"no sub nor sid", func() string {
			c := iss.LogoutClaims("", "")
			delete(c, "sub")
			delete(c, "sid")
			return iss.Sign(c, "logout+jwt")
		}},
		{"wrongly signed", func() string {
			return oidctest.SignES256(otherKey, iss.KeyID, "logout+jwt", iss.LogoutClaims("u", "s"))
		}},
		{"an ID token", func() string { return iss.IDToken("nonce") }},
		{"garbage", func() string { return "not-a-token" }},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			if lt, err := c.VerifyLogoutToken(ctx, b.token()); err == nil {
				t.Fatalf("accepted %+v", lt)
			}
		})
	}
}

func TestEndSessionURL(t *testing.T) {
	iss := oidctest.New(t, "absence", "geheim")
	c := newClient(t, iss)
	raw, err := c.EndSessionURL(context.Background(), "id.token.hint", "http://app.example/logged-out", "st")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(raw)
	q := u.Query()
	if !strings.HasPrefix(raw, iss.URL+"/logout?") || q.Get("id_token_hint") != "id.token.hint" || q.Get("client_id") != "absence" ||
		q.Get("post_logout_redirect_uri") != "http://app.example/logged-out" || q.Get("state") != "st" {
		t.Fatalf("end-session URL %s", raw)
	}
}

func TestAuthCodeURLSendsMaxAge(t *testing.T) {
	iss := oidctest.New(t, "absence", "geheim")
	for maxAge, want := range map[time.Duration]string{0: "28800", 4 * time.Hour: "14400", 24 * time.Hour: "86400"} {
		c, err := oidclogin.New(oidclogin.Config{Issuer: iss.URL, ClientID: iss.ClientID, ClientSecret: iss.ClientSecret,
			RedirectURL: redirectURL, MaxAge: maxAge})
		if err != nil {
			t.Fatal(err)
		}
		raw, err := c.AuthCodeURL(context.Background(), oidclogin.NewRequest())
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(raw)
		if got := u.Query().Get("max_age"); got != want {
			t.Errorf("MaxAge %v: max_age=%q, want %q", maxAge, got, want)
		}
	}
}

func TestNewRefusesAMaxAgeBeyondTheAAL2Limit(t *testing.T) {
	iss := oidctest.New(t, "absence", "geheim")
	_, err := oidclogin.New(oidclogin.Config{Issuer: iss.URL, ClientID: iss.ClientID, ClientSecret: iss.ClientSecret,
		RedirectURL: redirectURL, MaxAge: 25 * time.Hour})
	if err == nil || !strings.Contains(err.Error(), "max age") {
		t.Fatalf("a max age of 25h: %v", err)
	}
}

// The provider may reuse an old login whatever max_age said (a 30-day
// session, a provider that ignores max_age): the application checks
// auth_time itself.
func TestLoginRefusesAStaleAuthTime(t *testing.T) {
	iss := oidctest.New(t, "absence", "geheim")
	now := time.Now()
	c, err := oidclogin.New(oidclogin.Config{Issuer: iss.URL, ClientID: iss.ClientID, ClientSecret: iss.ClientSecret,
		RedirectURL: redirectURL, MaxAge: 8 * time.Hour, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		authTime func(map[string]any)
		ok       bool
	}{
		"fresh":                {func(c map[string]any) { c["auth_time"] = now.Add(-time.Minute).Unix() }, true},
		"7h ago":               {func(c map[string]any) { c["auth_time"] = now.Add(-7 * time.Hour).Unix() }, true},
		"8h and 1 minute ago":  {func(c map[string]any) { c["auth_time"] = now.Add(-8*time.Hour - time.Minute).Unix() }, true},
		"8h and 3 minutes ago": {func(c map[string]any) { c["auth_time"] = now.Add(-8*time.Hour - 3*time.Minute).Unix() }, false},
		"30 days ago":          {func(c map[string]any) { c["auth_time"] = now.Add(-30 * 24 * time.Hour).Unix() }, false},
		"missing":              {func(c map[string]any) { delete(c, "auth_time") }, false},
		"10 minutes in future": {func(c map[string]any) { c["auth_time"] = now.Add(10 * time.Minute).Unix() }, false},
	} {
		t.Run(name, func(t *testing.T) {
			iss.Tamper(tc.authTime)
			id, err := login(t, c, iss)
			if tc.ok {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if oidclogin.ReasonOf(err) != oidclogin.StaleLogin {
				t.Fatalf("want %s, got %v", oidclogin.StaleLogin, err)
			}
			if id.IDToken == "" || id.Subject == "" {
				t.Error("a stale login must still name the user and token, so the provider session can be ended")
			}
		})
	}
}
