package app_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// rp is a relying party for the tests: a local server whose /callback and
// /backchannel record what arrives, a registered client, and go-oidc +
// x/oauth2 configured from discovery.
type rp struct {
	srv      *httptest.Server
	client   oauthstore.Client
	secret   string
	provider *oidc.Provider
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier

	mu      sync.Mutex
	logouts []string // logout tokens received on /backchannel
}

// newRP registers a confidential client (first-party unless changed by
// mutate) whose redirect URI is the RP's /callback.
func newRP(t *testing.T, env *apptest.Env, id string, mutate ...func(*oauthstore.Client)) *rp {
	t.Helper()
	r := &rp{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /backchannel", func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.logouts = append(r.logouts, req.PostFormValue("logout_token"))
		r.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "rp") })
	r.srv = httptest.NewServer(mux)
	t.Cleanup(r.srv.Close)
	secret, err := oauthstore.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	hash, err := oauthstore.HashSecret(secret)
	if err != nil {
		t.Fatal(err)
	}
	c := oauthstore.Client{
		ID: id, Name: "Verzuim " + id, SecretHash: hash,
		RedirectURIs: []string{r.srv.URL + "/callback"}, PostLogoutRedirectURIs: []string{r.srv.URL + "/loggedout"},
		BackchannelLogoutURI: r.srv.URL + "/backchannel",
		GrantTypes:           []string{oauthstore.GrantAuthorizationCode, oauthstore.GrantRefreshToken},
		Scopes:               []string{"openid", "profile", "email", "org", "roles", "offline_access"},
		FirstParty:           true,
	}
	for _, m := range mutate {
		m(&c)
	}
	if c.Public {
		c.SecretHash, secret = nil, ""
	}
	if _, err := env.App.OAuth.CreateClient(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	r.client, r.secret = c, secret
	if r.provider, err = oidc.NewProvider(t.Context(), env.App.Config.Issuer); err != nil {
		t.Fatalf("discovery: %v", err)
	}
	r.oauth = oauth2.Config{ClientID: id, ClientSecret: secret, Endpoint: r.provider.Endpoint(),
		RedirectURL: r.srv.URL + "/callback", Scopes: []string{"openid", "profile", "email", "org", "roles"}}
	r.verifier = r.provider.Verifier(&oidc.Config{ClientID: id, SupportedSigningAlgs: []string{"ES256", "RS256"},
		Now: env.Clock.Now})
	return r
}

// authRequest is one authorization request with its PKCE verifier.
type authRequest struct {
	URL, State, Nonce, Verifier string
}

func (r *rp) authURL(extra ...oauth2.AuthCodeOption) authRequest {
	a := authRequest{State: "st-" + oauth2.GenerateVerifier()[:16], Nonce: "n-" + oauth2.GenerateVerifier()[:16],
		Verifier: oauth2.GenerateVerifier()}
	opts := append([]oauth2.AuthCodeOption{oauth2.S256ChallengeOption(a.Verifier), oidc.Nonce(a.Nonce)}, extra...)
	a.URL = r.oauth.AuthCodeURL(a.State, opts...)
	return a
}

// callback follows the browser from path until it is sent to the RP and
// returns that URL; nil when the browser stays with the provider (a login
// page, an error page).
func callback(t *testing.T, b *apptest.Browser, rpHost string, do func() *apptest.Page) (*url.URL, *apptest.Page) {
	t.Helper()
	var got *url.URL
	b.Client.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
		if req.URL.Host == rpHost {
			got = req.URL
			return http.ErrUseLastResponse
		}
		return nil
	}
	defer func() { b.Client.CheckRedirect = nil }()
	p := do()
	return got, p
}

// loginFor runs an authorization request in b for a user with an app
// factor (made by Env.User) and returns the callback URL.
func loginFor(t *testing.T, env *apptest.Env, b *apptest.Browser, r *rp, a authRequest, email string) *url.URL {
	t.Helper()
	return loginWith(t, env, b, r, a, email, goodPassword)
}

// loginWith is loginFor with the user's password.
func loginWith(t *testing.T, env *apptest.Env, b *apptest.Browser, r *rp, a authRequest, email, pw string) *url.URL {
	t.Helper()
	host := hostOf(r.srv.URL)
	cb, p := callback(t, b, host, func() *apptest.Page { return b.Get(a.URL) })
	if cb != nil {
		return cb
	}
	if p.URL.Path != "/login" {
		t.Fatalf("authorization request ended on %s (%d):\n%s", p.URL, p.Status, p.Body)
	}
	secret, _ := env.Secret(email)
	cb, p = callback(t, b, host, func() *apptest.Page {
		p := b.Submit(p, url.Values{"email": {email}, "password": {pw}})
		if p.URL.Path != "/login/factor/totp" {
			t.Fatalf("after the password: %s", p.URL)
		}
		return b.Submit(p, url.Values{"code": {env.TOTPCode(t, secret)}})
	})
	if cb == nil {
		t.Fatalf("login did not return to the client: %s\n%s", p.URL, p.Body)
	}
	return cb
}

func hostOf(raw string) string {
	u, _ := url.Parse(raw)
	return u.Host
}

// exchange trades the code of cb for tokens, with a's verifier.
func (r *rp) exchange(t *testing.T, cb *url.URL, a authRequest) (*oauth2.Token, error) {
	t.Helper()
	return r.oauth.Exchange(context.WithValue(t.Context(), oauth2.HTTPClient, http.DefaultClient), cb.Query().Get("code"),
		oauth2.VerifierOption(a.Verifier))
}

// tokenForm posts a raw form to the token endpoint as this client.
func (r *rp) tokenForm(t *testing.T, env *apptest.Env, form url.Values) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, env.App.Config.Issuer+"/oauth2/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(r.client.ID), url.QueryEscape(r.secret))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// decodeSegment decodes one base64url JSON segment of a JWT.
func decodeSegment(t *testing.T, seg string) map[string]any {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}
