package keys_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ory/fosite/token/jwt"

	"github.com/mijnaccount/mijnaccount/authz/keys"
)

func TestSignerSignsWithCurrentKeyAndJWKSVerifies(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		m := f.ensured(t)
		set := jwks(t, m)
		if len(set.Keys) != 2 {
			t.Fatalf("JWKS %+v", set.Keys)
		}
		for _, alg := range keys.Algs {
			cur := current(t, m, alg)
			s := m.Signer(alg)
			for _, typ := range []string{"", "at+jwt"} {
				var tok string
				if typ == "" {
					tok = sign(t, s) // as fosite's openid strategy with empty IDTokenHeaders
				} else {
					tok = sign(t, s, "typ", typ) // as a JWT access token session header
				}
				h := verifyWithJWKS(t, set, tok)
				if h.KeyID != cur.ID || h.Algorithm != alg {
					t.Errorf("%s: header kid %q alg %q, want %q %q", alg, h.KeyID, h.Algorithm, cur.ID, alg)
				}
				wantTyp := typ
				if wantTyp == "" {
					wantTyp = "JWT"
				}
				if h.ExtraHeaders["typ"] != wantTyp {
					t.Errorf("%s: typ %v, want %s", alg, h.ExtraHeaders["typ"], wantTyp)
				}
				dec, err := s.Decode(ctx, tok)
				if err != nil || !dec.Valid() || dec.Claims["sub"] != "user-1" || dec.Header["kid"] != cur.ID {
					t.Fatalf("%s: Decode: %v %+v", alg, err, dec)
				}
				sig, err := s.Validate(ctx, tok)
				if err != nil || sig != tok[strings.LastIndex(tok, ".")+1:] {
					t.Fatalf("%s: Validate: %q %v", alg, sig, err)
				}
				// Any signer verifies any published key of the token's alg.
				if _, err := m.Signer(keys.AlgES256).Validate(ctx, tok); err != nil {
					t.Fatalf("%s token with the ES256 signer: %v", alg, err)
				}
			}
		}
	})
}

func TestSignerHeaderAlgChoosesKeyPerToken(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		m := f.ensured(t)
		rs := current(t, m, keys.AlgRS256)
		// What a consent step does for a client registered with
		// id_token_signed_response_alg RS256: sess.IDTokenHeaders().Add("alg", "RS256").
		tok := sign(t, m.Signer(keys.AlgES256), "alg", keys.AlgRS256, "kid", "caller-chosen")
		h := verifyWithJWKS(t, jwks(t, m), tok)
		if h.Algorithm != keys.AlgRS256 || h.KeyID != rs.ID {
			t.Fatalf("header alg %q kid %q, want RS256 %q", h.Algorithm, h.KeyID, rs.ID)
		}

		for _, bad := range []struct{ k, v string }{{"alg", "HS256"}, {"alg", "none"}, {"jku", "https://evil.test/jwks"}, {"crit", "exp"}} {
			hdr := jwt.NewHeaders()
			hdr.Add(bad.k, bad.v)
			if tok, _, err := m.Signer(keys.AlgES256).Generate(context.Background(), claims(), hdr); err == nil {
				t.Errorf("header %s=%s: signed %q", bad.k, bad.v, tok)
			}
		}
		if _, _, err := m.Signer("HS256").Generate(context.Background(), claims(), jwt.NewHeaders()); !errors.Is(err, keys.ErrUnsupportedAlg) {
			t.Errorf("Signer(HS256): %v", err)
		}
		var nilHeaders *jwt.Headers
		tok, _, err := m.Signer(keys.AlgES256).Generate(context.Background(), claims(), nilHeaders)
		if err != nil {
			t.Fatalf("nil headers: %v", err)
		}
		verifyWithJWKS(t, jwks(t, m), tok)
	})
}

func TestSignerHelpers(t *testing.T) {
	s := keys.NewManager(nil, newKeyring(t, "k1"), nil).Signer(keys.AlgES256)
	ctx := context.Background()
	if n := s.GetSigningMethodLength(ctx); n != 32 {
		t.Errorf("GetSigningMethodLength = %d", n)
	}
	h, err := s.Hash(ctx, []byte("abc"))
	if err != nil || len(h) != 32 {
		t.Errorf("Hash: %x %v", h, err)
	}
	if sig, err := s.GetSignature(ctx, "a.b.c"); sig != "c" || err != nil {
		t.Errorf("GetSignature: %q %v", sig, err)
	}
	if _, err := s.GetSignature(ctx, "a.b"); err == nil {
		t.Error("GetSignature accepted a two-part token")
	}
}
