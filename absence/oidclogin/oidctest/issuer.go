package oidctest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v3"
)

// Issuer is a running test provider.
type Issuer struct {
	URL          string
	ClientID     string
	ClientSecret string
	Key          *ecdsa.PrivateKey
	KeyID        string

	srv *httptest.Server

	mu       sync.Mutex
	claims   map[string]any              // claims of the next ID tokens
	tamper   func(claims map[string]any) // last changes before signing
	signer   *ecdsa.PrivateKey           // nil: Key
	codes    map[string]grant
	endCalls []url.Values
}

type grant struct {
	redirectURI, challenge, nonce string
}

// New starts a provider for one client; it stops when the test ends.
func New(t testing.TB, clientID, secret string) *Issuer {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	i := &Issuer{ClientID: clientID, ClientSecret: secret, Key: key, KeyID: "test-key-1", codes: map[string]grant{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", i.discovery)
	mux.HandleFunc("GET /jwks", i.jwks)
	mux.HandleFunc("GET /authorize", i.authorize)
	mux.HandleFunc("POST /token", i.token)
	mux.HandleFunc("GET /logout", i.endSession)
	i.srv = httptest.NewServer(mux)
	t.Cleanup(i.srv.Close)
	i.URL = i.srv.URL
	i.claims = DefaultClaims()
	return i
}

// DefaultClaims are those of an HR employee of employer "org-werkgever" who
// logged in with password and an app code. Their birth date, 1985-04-12, is
// the one the application's tests give the employees they register.
func DefaultClaims() map[string]any {
	return map[string]any{
		"sub": "user-hr", "name": "Noor Visser", "email": "noor@werkgever.example", "email_verified": true,
		"org": "org-werkgever", "org_name": "Bakkerij De Korenschoof", "customer": "org-werkgever", "domain": "werkgever",
		"roles": []string{"hr"}, "amr": []string{"pwd", "otp"}, "acr": "aal2", "sid": "sid-1", "birthdate": "1985-04-12",
	}
}

// SetClaims replaces the identity claims of the next ID tokens (iss, aud,
// exp, iat, nonce and auth_time are added when signing).
func (i *Issuer) SetClaims(c map[string]any) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.claims = maps.Clone(c)
}

// Tamper sets a function that changes the complete claims of the next ID
// tokens just before signing (nil: none) — to expire them, change aud, …
func (i *Issuer) Tamper(f func(claims map[string]any)) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.tamper = f
}

// SignWith makes the next tokens be signed with key under the provider's key
// id (nil: the provider's own key), to test a wrong signature.
func (i *Issuer) SignWith(key *ecdsa.PrivateKey) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.signer = key
}

// EndSessionCalls returns the queries the end-session endpoint received.
func (i *Issuer) EndSessionCalls() []url.Values {
	i.mu.Lock()
	defer i.mu.Unlock()
	return append([]url.Values(nil), i.endCalls...)
}

// Sign signs claims with the provider's key (or the SignWith key) with the
// given typ header ("JWT", "logout+jwt").
func (i *Issuer) Sign(claims map[string]any, typ string) string {
	i.mu.Lock()
	key := i.signer
	i.mu.Unlock()
	if key == nil {
		key = i.Key
	}
	return SignES256(key, i.KeyID, typ, claims)
}

// SignES256 signs claims as a compact JWS with key.
func SignES256(key *ecdsa.PrivateKey, kid, typ string, claims map[string]any) string {
	opts := (&jose.SignerOptions{}).WithType(jose.ContentType(typ)).WithHeader("kid", kid)
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key}, opts)
	if err != nil {
		panic(err)
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		panic(err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		panic(err)
	}
	out, err := jws.CompactSerialize()
	if err != nil {
		panic(err)
	}
	return out
}

// IDToken returns a signed ID token with the current claims for nonce.
func (i *Issuer) IDToken(nonce string) string {
	i.mu.Lock()
	c := maps.Clone(i.claims)
	tamper := i.tamper
	i.mu.Unlock()
	now := time.Now()
	c["iss"], c["aud"], c["iat"], c["exp"], c["auth_time"] = i.URL, i.ClientID, now.Unix(), now.Add(10*time.Minute).Unix(), now.Unix()
	if nonce != "" {
		c["nonce"] = nonce
	}
	if tamper != nil {
		tamper(c)
	}
	return i.Sign(c, "JWT")
}

// LogoutClaims returns valid back-channel logout claims for sub and sid.
func (i *Issuer) LogoutClaims(sub, sid string) map[string]any {
	now := time.Now()
	return map[string]any{
		"iss": i.URL, "aud": i.ClientID, "iat": now.Unix(), "exp": now.Add(2 * time.Minute).Unix(),
		"jti": randomString(), "sub": sub, "sid": sid,
		"events": map[string]any{"http://schemas.openid.net/event/backchannel-logout": map[string]any{}},
	}
}

// LogoutToken returns a signed, valid logout token for sub and sid.
func (i *Issuer) LogoutToken(sub, sid string) string {
	return i.Sign(i.LogoutClaims(sub, sid), "logout+jwt")
}

func randomString() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
