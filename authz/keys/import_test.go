package keys_test

import (
	"context"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	gojwt "github.com/go-jose/go-jose/v3/jwt"

	"github.com/mijnaccount/mijnaccount/authz/keys"
)

func TestImportSupportedKeys(t *testing.T) {
	ec := newEC(t, elliptic.P256())
	rsa2048 := newRSA(t, 2048)
	sec1, err := x509.MarshalECPrivateKey(ec)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		pem    []byte
		alg    string
		public any
	}{
		{"EC PKCS#8", pkcs8PEM(t, ec), keys.AlgES256, &ec.PublicKey},
		{"RSA PKCS#1", pemOf(t, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsa2048)), keys.AlgRS256, &rsa2048.PublicKey},
	}
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		m := f.ensured(t)
		for _, c := range cases {
			old := current(t, m, c.alg)
			k, err := m.Import(ctx, c.pem)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if k.Alg != c.alg || k.State != keys.StateCurrent || k.ID == old.ID {
				t.Fatalf("%s: imported %+v", c.name, k)
			}
			for _, l := range mustList(t, m) {
				if l.ID == old.ID && l.State != keys.StatePrevious {
					t.Fatalf("%s: old current key is %s", c.name, l.State)
				}
			}
			// Importing the same key again (every start) changes nothing.
			again, err := m.Import(ctx, c.pem)
			if err != nil || again.ID != k.ID {
				t.Fatalf("%s: re-import: %+v %v", c.name, again, err)
			}
			// Once active, the imported key itself signs.
			f.clock.Advance(refresh)
			tok := sign(t, m.Signer(c.alg))
			p, err := gojwt.ParseSigned(tok)
			if err != nil {
				t.Fatal(err)
			}
			var out map[string]any
			if err := p.Claims(c.public, &out); err != nil || p.Headers[0].KeyID != k.ID {
				t.Fatalf("%s: token not signed by the imported key (kid %q): %v", c.name, p.Headers[0].KeyID, err)
			}
		}
		if n := countRows(t, f.db); n != 4 {
			t.Fatalf("%d rows, want 4", n)
		}

		// SEC1 with an EC PARAMETERS block, as openssl ecparam -genkey writes it.
		params := pemOf(t, "EC PARAMETERS", []byte{0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07})
		k, err := m.Import(ctx, append(params, pemOf(t, "EC PRIVATE KEY", sec1)...))
		if err != nil || k.ID != current(t, m, keys.AlgES256).ID {
			t.Fatalf("SEC1 of the current key: %+v %v", k, err)
		}
		// A key that was current before is not brought back.
		if _, err := m.Import(ctx, pkcs8PEM(t, newEC(t, elliptic.P256()))); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Import(ctx, cases[0].pem); !errors.Is(err, keys.ErrKeyReused) {
			t.Fatalf("re-import of the previous key: %v", err)
		}
	})
}

func mustList(t *testing.T, m *keys.Manager) []keys.Key {
	t.Helper()
	l, err := m.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestImportRefusesOtherKeys(t *testing.T) {
	rsa1024 := newRSA(t, 1024)
	_, ed, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ec := newEC(t, elliptic.P256())
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mijnaccount.test"},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
	cert, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &ec.PublicKey, ec)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := x509.MarshalPKIXPublicKey(&ec.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, want string
		pem        []byte
	}{
		{"RSA 1024", "1024 bits", pemOf(t, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsa1024))},
		{"RSA 1024 PKCS#8", "1024 bits", pkcs8PEM(t, rsa1024)},
		{"Ed25519", "Ed25519", pkcs8PEM(t, ed)},
		{"EC P-384", "P-384", pkcs8PEM(t, newEC(t, elliptic.P384()))},
		{"certificate", "certificate", pemOf(t, "CERTIFICATE", cert)},
		{"public key", "public key", pemOf(t, "PUBLIC KEY", pub)},
		{"garbage", "no PEM", []byte("this is not a key")},
		{"empty", "no PEM", nil},
		{"broken PKCS#8", "cannot parse", pemOf(t, "PRIVATE KEY", []byte("not DER"))},
		{"two keys", "more than one", append(pkcs8PEM(t, ec), pkcs8PEM(t, ec)...)},
	}
	each(t, func(t *testing.T, f *fixture) {
		m := f.ensured(t)
		before := mustList(t, m)
		for _, c := range cases {
			_, err := m.Import(context.Background(), c.pem)
			if !errors.Is(err, keys.ErrUnsupportedKey) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: want ErrUnsupportedKey mentioning %q, got %v", c.name, c.want, err)
			}
			if body := pemBody(c.pem); err != nil && body != "" && strings.Contains(err.Error(), body) {
				t.Errorf("%s: error quotes the input", c.name)
			}
		}
		if n := countRows(t, f.db); n != len(before) {
			t.Fatalf("refused imports stored rows: %d, want %d", n, len(before))
		}
		if got := kidsOf(jwks(t, m)); len(got) != 2 {
			t.Fatalf("JWKS changed: %v", got)
		}
	})
}

// pemBody returns a piece of the base64 body of the first PEM block.
func pemBody(p []byte) string {
	lines := strings.Split(string(p), "\n")
	if len(lines) < 3 || len(lines[1]) < 20 {
		return ""
	}
	return lines[1][:20]
}
