package keys_test

import (
	"context"
	"crypto"
	"crypto/elliptic"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/authz/keys"
	"github.com/mijnaccount/mijnaccount/secretbox"
)

func TestPrivateKeysAreSealedAndBoundToKid(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		m := f.ensured(t)
		for _, k := range mustList(t, m) {
			var sealed, public string
			if err := f.db.QueryRowContext(ctx, `SELECT private_key, public_key FROM signing_keys WHERE id = $1`, k.ID).Scan(&sealed, &public); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(sealed, "v1.k1.") {
				t.Fatalf("%s: private_key is not a secretbox value: %.12q", k.Alg, sealed)
			}
			der, err := f.keyring.Open(sealed, []byte("signing-key:"+k.ID))
			if err != nil {
				t.Fatalf("%s: open with the documented additional data: %v", k.Alg, err)
			}
			priv, err := x509.ParsePKCS8PrivateKey(der)
			if err != nil {
				t.Fatalf("%s: not PKCS#8: %v", k.Alg, err)
			}
			pub, _ := x509.MarshalPKIXPublicKey(priv.(crypto.Signer).Public())
			if base64.StdEncoding.EncodeToString(pub) != public {
				t.Fatalf("%s: public_key does not match the sealed private key", k.Alg)
			}
			for _, clear := range []string{string(der), base64.StdEncoding.EncodeToString(der), base64.RawStdEncoding.EncodeToString(der),
				base64.RawURLEncoding.EncodeToString(der), hex.EncodeToString(der), string(der[len(der)-32:])} {
				if strings.Contains(sealed, clear) {
					t.Fatalf("%s: private_key holds the DER in clear", k.Alg)
				}
			}
		}
	})
}

func TestSwappedSealedKeysDoNotOpen(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		m := f.ensured(t)
		k0 := current(t, m, keys.AlgES256)
		k1, err := m.Rotate(ctx, keys.AlgES256)
		if err != nil {
			t.Fatal(err)
		}
		var s0, s1 string
		if err := f.db.QueryRowContext(ctx, `SELECT private_key FROM signing_keys WHERE id = $1`, k0.ID).Scan(&s0); err != nil {
			t.Fatal(err)
		}
		if err := f.db.QueryRowContext(ctx, `SELECT private_key FROM signing_keys WHERE id = $1`, k1.ID).Scan(&s1); err != nil {
			t.Fatal(err)
		}
		for id, v := range map[string]string{k0.ID: s1, k1.ID: s0} {
			if _, err := f.db.ExecContext(ctx, `UPDATE signing_keys SET private_key = $1 WHERE id = $2`, v, id); err != nil {
				t.Fatal(err)
			}
		}
		fresh := f.manager()
		_, _, err = fresh.Signer(keys.AlgES256).Generate(ctx, claims(), nil)
		checkNamesKid(t, "Generate", err, k0.ID, k1.ID)
		_, err = fresh.JWKS(ctx)
		checkNamesKid(t, "JWKS", err, k0.ID, k1.ID)
		checkNamesKid(t, "Ensure", fresh.Ensure(ctx), k0.ID, k1.ID)

		// The Manager that made the keys fails too once its cache expires.
		f.clock.Advance(refresh)
		_, _, err = m.Signer(keys.AlgRS256).Generate(ctx, claims(), nil)
		checkNamesKid(t, "Generate after refresh", err, k0.ID, k1.ID)
	})
}

func checkNamesKid(t *testing.T, what string, err error, kids ...string) {
	t.Helper()
	if !errors.Is(err, secretbox.ErrDecrypt) {
		t.Fatalf("%s: want secretbox.ErrDecrypt, got %v", what, err)
	}
	for _, kid := range kids {
		if strings.Contains(err.Error(), kid) {
			return
		}
	}
	t.Fatalf("%s: error %q names none of %v", what, err, kids)
}

func TestWrongKeyringOrTamperedPublicKeyFails(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		m := f.ensured(t)
		es := current(t, m, keys.AlgES256)

		other := keys.NewManager(f.db, newKeyring(t, "k2"), f.clock.Now)
		if err := other.Ensure(ctx); !errors.Is(err, secretbox.ErrUnknownKey) {
			t.Fatalf("Ensure with another keyring: %v", err)
		}

		// A verification key slipped into public_key is not published.
		pub, err := x509.MarshalPKIXPublicKey(&newEC(t, elliptic.P256()).PublicKey)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.db.ExecContext(ctx, `UPDATE signing_keys SET public_key = $1 WHERE id = $2`,
			base64.StdEncoding.EncodeToString(pub), es.ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.manager().JWKS(ctx)
		if err == nil || !strings.Contains(err.Error(), es.ID) || !strings.Contains(err.Error(), "does not match") {
			t.Fatalf("tampered public key: %v", err)
		}
	})
}

func TestStoreFailureFailsClosed(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		m := f.ensured(t)
		tok := sign(t, m.Signer(keys.AlgES256))
		if err := f.db.Close(); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(refresh)
		if tok, _, err := m.Signer(keys.AlgES256).Generate(ctx, claims(), nil); err == nil {
			t.Fatalf("signed %q without the database", tok)
		}
		if _, err := m.Verify(ctx, tok); err == nil {
			t.Fatal("verified without the database")
		}
		if _, err := m.JWKS(ctx); err == nil {
			t.Fatal("JWKS without the database")
		}
		if err := m.Ensure(ctx); err == nil {
			t.Fatal("Ensure without the database")
		}
	})
}
