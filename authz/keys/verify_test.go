package keys_test

import (
	"context"
	"crypto/elliptic"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v3"
	gojwt "github.com/go-jose/go-jose/v3/jwt"
	"github.com/ory/fosite/token/jwt"

	"github.com/mijnaccount/mijnaccount/authz/keys"
)

// forge signs test claims with key under alg, with the given kid.
func forge(t *testing.T, alg jose.SignatureAlgorithm, key any, kid string) string {
	t.Helper()
	opts := (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", kid)
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := gojwt.Signed(s).Claims(map[string]any(claims())).CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func unsigned(t *testing.T, kid string) string {
	t.Helper()
	h, _ := json.Marshal(map[string]any{"alg": "none", "typ": "JWT", "kid": kid})
	p, _ := json.Marshal(map[string]any(claims()))
	return base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(p) + "."
}

func TestVerifyRefusesForeignAlgorithmsAndKeys(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		m := f.ensured(t)
		es, rs := current(t, m, keys.AlgES256), current(t, m, keys.AlgRS256)
		esPub, err := x509.MarshalPKIXPublicKey(es.Public)
		if err != nil {
			t.Fatal(err)
		}
		rsPub, err := x509.MarshalPKIXPublicKey(rs.Public)
		if err != nil {
			t.Fatal(err)
		}
		good := sign(t, m.Signer(keys.AlgES256))
		parts := strings.Split(good, ".")

		cases := map[string]string{
			"alg none":                        unsigned(t, es.ID),
			"alg none with a copied sig":      unsigned(t, es.ID) + parts[2],
			"HS256 keyed with the EC public":  forge(t, jose.HS256, esPub, es.ID),
			"HS256 keyed with the RSA public": forge(t, jose.HS256, rsPub, rs.ID),
			"RS256 under an ES256 kid":        forge(t, jose.RS256, newRSA(t, 2048), es.ID),
			"ES256 by a stranger, our kid":    forge(t, jose.ES256, newEC(t, elliptic.P256()), es.ID),
			"ES256 with an unknown kid":       forge(t, jose.ES256, newEC(t, elliptic.P256()), "unknown-kid"),
			"ES256 without kid":               forge(t, jose.ES256, newEC(t, elliptic.P256()), ""),
			"ES384":                           forge(t, jose.ES384, newEC(t, elliptic.P384()), es.ID),
			"JSON serialization":              `{"payload":"` + parts[1] + `","protected":"` + parts[0] + `","signature":"` + parts[2] + `"}`,
			"garbage":                         "not.a.token",
		}
		for _, s := range []jwt.Signer{m.Signer(keys.AlgES256), m.Signer(keys.AlgRS256)} {
			for name, tok := range cases {
				if _, err := s.Validate(ctx, tok); err == nil {
					t.Errorf("%s: Validate accepted it", name)
				}
				dec, err := s.Decode(ctx, tok)
				if err == nil {
					t.Errorf("%s: Decode accepted it", name)
				}
				var ve *jwt.ValidationError
				if !errors.As(err, &ve) {
					t.Errorf("%s: error %T is not a *jwt.ValidationError", name, err)
				}
				if dec != nil && dec.Valid() {
					t.Errorf("%s: decoded token is marked valid", name)
				}
			}
		}
		if _, err := m.Verify(ctx, good); err != nil {
			t.Fatalf("the genuine token: %v", err)
		}
	})
}

func TestDecodeReportsExpiry(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		m := f.ensured(t)
		c := claims()
		c["iat"] = time.Now().Add(-2 * time.Hour).Unix()
		c["exp"] = time.Now().Add(-time.Hour).Unix()
		tok, _, err := m.Signer(keys.AlgRS256).Generate(ctx, c, jwt.NewHeaders())
		if err != nil {
			t.Fatal(err)
		}
		dec, err := m.Signer(keys.AlgES256).Decode(ctx, tok)
		var ve *jwt.ValidationError
		if !errors.As(err, &ve) || !ve.Has(jwt.ValidationErrorExpired) {
			t.Fatalf("want an expiry ValidationError, got %v", err)
		}
		// fosite accepts an expired id_token_hint and reads its subject.
		if dec == nil || dec.Claims["sub"] != "user-1" {
			t.Fatalf("expired token not returned: %+v", dec)
		}
	})
}
