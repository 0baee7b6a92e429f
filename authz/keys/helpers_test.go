package keys_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v3"
	gojwt "github.com/go-jose/go-jose/v3/jwt"
	"github.com/ory/fosite/token/jwt"

	"github.com/mijnaccount/mijnaccount/authz/keys"
	"github.com/mijnaccount/mijnaccount/secretbox"
	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

const refresh = keys.DefaultRefreshInterval

// fixture is one fresh database with a keyring and a movable clock.
type fixture struct {
	db      *storage.DB
	clock   *storagetest.Clock
	keyring secretbox.Keyring
}

// each runs fn on a fresh SQLite and a fresh PostgreSQL database.
func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	t.Helper()
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fn(t, &fixture{db: open(t), clock: storagetest.NewClock(time.Now()), keyring: newKeyring(t, "k1")})
		})
	}
}

func newKeyring(t *testing.T, id string) secretbox.Keyring {
	t.Helper()
	k, err := secretbox.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return secretbox.Keyring{Current: id, Keys: map[string][]byte{id: k}}
}

func (f *fixture) manager() *keys.Manager { return keys.NewManager(f.db, f.keyring, f.clock.Now) }

// ensured returns a Manager after a successful Ensure.
func (f *fixture) ensured(t *testing.T) *keys.Manager {
	t.Helper()
	m := f.manager()
	if err := m.Ensure(context.Background()); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	return m
}

// current returns the current key of alg from List.
func current(t *testing.T, m *keys.Manager, alg string) keys.Key {
	t.Helper()
	list, err := m.List(context.Background())
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	for _, k := range list {
		if k.Alg == alg && k.State == keys.StateCurrent {
			return k
		}
	}
	t.Fatalf("no current %s key in %+v", alg, list)
	return keys.Key{}
}

func claims() jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{
		"iss": "https://mijnaccount.test",
		"sub": "user-1",
		"aud": []string{"client-1"},
		"iat": now.Unix(),
		"exp": now.Add(time.Hour).Unix(),
	}
}

// sign signs test claims with headers given as key, value pairs.
func sign(t *testing.T, s jwt.Signer, kv ...any) string {
	t.Helper()
	h := jwt.NewHeaders()
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i].(string), kv[i+1])
	}
	tok, sig, err := s.Generate(context.Background(), claims(), h)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	if parts := strings.Split(tok, "."); len(parts) != 3 || parts[2] != sig {
		t.Fatalf("signature %q is not the last part of %q", sig, tok)
	}
	return tok
}

// verifyWithJWKS checks token against the key its kid names in set, using
// go-jose only, and returns the token's header.
func verifyWithJWKS(t *testing.T, set jose.JSONWebKeySet, token string) jose.Header {
	t.Helper()
	parsed, err := gojwt.ParseSigned(token)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	h := parsed.Headers[0]
	found := set.Key(h.KeyID)
	if len(found) != 1 {
		t.Fatalf("JWKS has %d keys with kid %q", len(found), h.KeyID)
	}
	if found[0].Algorithm != h.Algorithm || found[0].Use != "sig" {
		t.Fatalf("JWKS key alg %q use %q, token alg %q", found[0].Algorithm, found[0].Use, h.Algorithm)
	}
	var c map[string]any
	if err := parsed.Claims(found[0].Key, &c); err != nil {
		t.Fatalf("verify with JWKS key: %v", err)
	}
	if c["sub"] != "user-1" {
		t.Fatalf("claims %v", c)
	}
	return h
}

func kidsOf(set jose.JSONWebKeySet) map[string]string {
	out := map[string]string{}
	for _, k := range set.Keys {
		out[k.KeyID] = k.Algorithm
	}
	return out
}

func jwks(t *testing.T, m *keys.Manager) jose.JSONWebKeySet {
	t.Helper()
	set, err := m.JWKS(context.Background())
	if err != nil {
		t.Fatalf("JWKS: %v", err)
	}
	return set
}

func countRows(t *testing.T, db *storage.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM signing_keys`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func pemOf(t *testing.T, typ string, der []byte) []byte {
	t.Helper()
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

func pkcs8PEM(t *testing.T, key any) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pemOf(t, "PRIVATE KEY", der)
}

func newEC(t *testing.T, c elliptic.Curve) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(c, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func newRSA(t *testing.T, bits int) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
