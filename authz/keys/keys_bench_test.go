package keys_test

import (
	"context"
	"testing"
	"time"

	"github.com/ory/fosite/token/jwt"

	"github.com/mijnaccount/mijnaccount/authz/keys"
	"github.com/mijnaccount/mijnaccount/secretbox"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// benchManager returns an ensured Manager on a fresh SQLite database. The
// current keys are cached, so signing does not touch the database.
func benchManager(b *testing.B) *keys.Manager {
	b.Helper()
	k, err := secretbox.GenerateKey()
	if err != nil {
		b.Fatal(err)
	}
	m := keys.NewManager(storagetest.OpenSQLite(b), secretbox.Keyring{Current: "k1", Keys: map[string][]byte{"k1": k}}, time.Now)
	if err := m.Ensure(context.Background()); err != nil {
		b.Fatal(err)
	}
	return m
}

// benchSign measures one token signature with alg, as every access and ID
// token gets one.
func benchSign(b *testing.B, alg string) {
	s := benchManager(b).Signer(alg)
	ctx := context.Background()
	for b.Loop() {
		if _, _, err := s.Generate(ctx, claims(), jwt.NewHeaders()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSignES256(b *testing.B) { benchSign(b, "ES256") }
func BenchmarkSignRS256(b *testing.B) { benchSign(b, "RS256") }

// BenchmarkVerifyES256 measures checking a token the provider signed, as
// userinfo and introspection do for JWT access tokens.
func BenchmarkVerifyES256(b *testing.B) {
	m := benchManager(b)
	ctx := context.Background()
	tok, _, err := m.Signer("ES256").Generate(ctx, claims(), jwt.NewHeaders())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := m.Verify(ctx, tok); err != nil {
			b.Fatal(err)
		}
	}
}
