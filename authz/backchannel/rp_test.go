package backchannel_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v3"

	"github.com/mijnaccount/mijnaccount/authz/backchannel"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

const issuer = "https://login.example.nl"

// fixedNow is the iat of every token the tests make.
var fixedNow = time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)

// testKey is the provider's ES256 signing key in the tests.
type testKey struct {
	priv *ecdsa.PrivateKey
	jwk  *jose.JSONWebKey
}

func newTestKey(t *testing.T) *testKey {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &testKey{priv: priv, jwk: &jose.JSONWebKey{Key: priv, KeyID: "es256-test", Algorithm: "ES256", Use: "sig"}}
}

func (k *testKey) signer() backchannel.Signer {
	return backchannel.KeySigner{Key: func(context.Context) (*jose.JSONWebKey, error) { return k.jwk, nil }}
}

// verified is a logout token whose signature checked out.
type verified struct {
	header jose.Header
	claims map[string]any
}

// verify checks the signature of raw with the public key and decodes it.
func (k *testKey) verify(t *testing.T, raw string) verified {
	t.Helper()
	jws, err := jose.ParseSigned(raw)
	if err != nil {
		t.Fatalf("logout token is not a JWS: %v", err)
	}
	if len(jws.Signatures) != 1 {
		t.Fatalf("logout token has %d signatures, want 1", len(jws.Signatures))
	}
	payload, err := jws.Verify(&k.priv.PublicKey)
	if err != nil {
		t.Fatalf("logout token signature: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	var claims map[string]any
	if err := dec.Decode(&claims); err != nil {
		t.Fatalf("logout token claims: %v", err)
	}
	return verified{header: jws.Signatures[0].Header, claims: claims}
}

// received is one request a relying party got.
type received struct {
	method, contentType, query string
	form                       url.Values
}

// rp is a relying party's back-channel logout endpoint.
type rp struct {
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []received
}

// newRP starts an endpoint that records every request and then lets handle
// answer the n-th (from 1).
func newRP(t *testing.T, handle func(n int, w http.ResponseWriter, r *http.Request)) *rp {
	t.Helper()
	p := &rp{}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := received{method: r.Method, contentType: r.Header.Get("Content-Type"), query: r.URL.RawQuery}
		if err := r.ParseForm(); err == nil {
			got.form = r.PostForm
		}
		p.mu.Lock()
		p.reqs = append(p.reqs, got)
		n := len(p.reqs)
		p.mu.Unlock()
		handle(n, w, r)
	}))
	t.Cleanup(p.srv.Close)
	return p
}

// answer returns a handler answering the n-th request with codes[n-1], and
// later ones with the last code.
func answer(codes ...int) func(int, http.ResponseWriter, *http.Request) {
	return func(n int, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(codes[min(n, len(codes))-1])
	}
}

func (p *rp) received() []received {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]received(nil), p.reqs...)
}

// client returns a client whose back-channel logout URI is this endpoint.
func (p *rp) client(id string) oauthstore.Client {
	return oauthstore.Client{ID: id, Name: id, BackchannelLogoutURI: p.srv.URL + "/backchannel-logout"}
}

// tokens checks that every request was a proper form POST carrying only a
// logout token, and returns the tokens.
func (p *rp) tokens(t *testing.T) []string {
	t.Helper()
	var out []string
	for i, r := range p.received() {
		if r.method != http.MethodPost || r.contentType != "application/x-www-form-urlencoded" || r.query != "" {
			t.Fatalf("request %d: %s with content type %q and query %q, want a form POST", i+1, r.method, r.contentType, r.query)
		}
		if len(r.form) != 1 || len(r.form["logout_token"]) != 1 || r.form.Get("logout_token") == "" {
			t.Fatalf("request %d: form %v, want exactly one logout_token", i+1, r.form)
		}
		out = append(out, r.form.Get("logout_token"))
	}
	return out
}

// targets is a Targets returning fixed clients, recording its calls.
type targets struct {
	clients []oauthstore.Client
	err     error
	mu      sync.Mutex
	calls   [][2]string
}

func (f *targets) LogoutTargets(_ context.Context, subject, sid string) ([]oauthstore.Client, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, [2]string{subject, sid})
	return f.clients, f.err
}

// counting counts the tokens a Signer signs.
type counting struct {
	backchannel.Signer
	n atomic.Int32
}

func (c *counting) SignLogoutToken(ctx context.Context, claims map[string]any) (string, error) {
	c.n.Add(1)
	return c.Signer.SignLogoutToken(ctx, claims)
}

// newNotifier returns a notifier with the test defaults: fixed time, a fast
// backoff and the default HTTP client.
func newNotifier(s backchannel.Signer, tg backchannel.Targets) *backchannel.Notifier {
	return &backchannel.Notifier{
		Issuer:  issuer,
		Signer:  s,
		Targets: tg,
		Now:     func() time.Time { return fixedNow },
		Backoff: time.Millisecond,
	}
}
