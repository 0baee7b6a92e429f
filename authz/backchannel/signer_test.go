package backchannel_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"testing"

	"github.com/go-jose/go-jose/v3"
	"github.com/ory/fosite/token/jwt"

	"github.com/mijnaccount/mijnaccount/authz/backchannel"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// joseSign returns a SignFunc signing with go-jose and the given options.
func joseSign(k *testKey, opts *jose.SignerOptions) backchannel.SignFunc {
	return func(_ context.Context, claims map[string]any) (string, error) {
		s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: k.jwk}, opts)
		if err != nil {
			return "", err
		}
		payload, err := json.Marshal(claims)
		if err != nil {
			return "", err
		}
		jws, err := s.Sign(payload)
		if err != nil {
			return "", err
		}
		return jws.CompactSerialize()
	}
}

// unsigned returns a SignFunc making an alg "none" token with signature sig.
func unsigned(sig string) backchannel.SignFunc {
	return func(_ context.Context, claims map[string]any) (string, error) {
		payload, err := json.Marshal(claims)
		if err != nil {
			return "", err
		}
		enc := base64.RawURLEncoding.EncodeToString
		return enc([]byte(`{"alg":"none","typ":"logout+jwt"}`)) + "." + enc(payload) + "." + sig, nil
	}
}

func TestNotifyChecksTokenHeader(t *testing.T) {
	k := newTestKey(t)
	for _, tc := range []struct {
		name   string
		signer backchannel.Signer
		sent   bool
	}{
		{"typ logout+jwt", joseSign(k, (&jose.SignerOptions{}).WithType(backchannel.TokenType)), true},
		{"typ application/logout+jwt", joseSign(k, (&jose.SignerOptions{}).WithType("application/logout+jwt")), true},
		{"no typ", joseSign(k, nil), false},
		{"typ JWT", joseSign(k, (&jose.SignerOptions{}).WithType("JWT")), false},
		{"alg none, no signature", unsigned(""), false},
		{"alg none, some signature", unsigned("c2ln"), false},
		{"not a JWS", backchannel.SignFunc(func(context.Context, map[string]any) (string, error) { return "garbage", nil }), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newRP(t, answer(200))
			res := notifyOne(t, newNotifier(tc.signer, &targets{clients: []oauthstore.Client{p.client("web")}}))
			got := len(p.received())
			if tc.sent {
				if res.Err != nil || got != 1 {
					t.Fatalf("result = %+v, %d requests; want it sent once", res, got)
				}
				return
			}
			if !errors.Is(res.Err, backchannel.ErrTokenHeader) || res.Attempts != 0 || got != 0 {
				t.Fatalf("result = %+v, %d requests; want ErrTokenHeader and nothing sent", res, got)
			}
		})
	}
}

func TestNotifySignerError(t *testing.T) {
	p := newRP(t, answer(200))
	broken := errors.New("key store down")
	signer := backchannel.SignFunc(func(context.Context, map[string]any) (string, error) { return "", broken })
	res := notifyOne(t, newNotifier(signer, &targets{clients: []oauthstore.Client{p.client("web")}}))
	if !errors.Is(res.Err, broken) || res.Attempts != 0 || len(p.received()) != 0 {
		t.Fatalf("result = %+v, %d requests; want the signer's error and nothing sent", res, len(p.received()))
	}
}

// TestJWTSigner signs through fosite's JWT signer, as the provider's keys
// do, and checks the result with go-jose and the public key.
func TestJWTSigner(t *testing.T) {
	k := newTestKey(t)
	fositeSigner := &jwt.DefaultSigner{GetPrivateKey: func(context.Context) (any, error) { return k.jwk, nil }}
	p := newRP(t, answer(200))
	res := notifyOne(t, newNotifier(backchannel.JWTSigner{Signer: fositeSigner},
		&targets{clients: []oauthstore.Client{p.client("web")}}))
	if res.Err != nil {
		t.Fatalf("result = %+v", res)
	}
	tokens := p.tokens(t)
	if len(tokens) != 1 {
		t.Fatalf("%d requests, want 1", len(tokens))
	}
	checkToken(t, k, tokens[0], "web", subject, sid)

	if _, err := (backchannel.JWTSigner{}).SignLogoutToken(t.Context(), map[string]any{}); err == nil {
		t.Error("JWTSigner without Signer signed")
	}
}

func TestKeySignerRefusesUnusableKeys(t *testing.T) {
	k := newTestKey(t)
	public := k.jwk.Public()
	noAlg := *k.jwk
	noAlg.Algorithm = ""
	failing := errors.New("key store down")
	for name, key := range map[string]func(context.Context) (*jose.JSONWebKey, error){
		"no key func": nil,
		"error":       func(context.Context) (*jose.JSONWebKey, error) { return nil, failing },
		"nil key":     func(context.Context) (*jose.JSONWebKey, error) { return nil, nil },
		"public key":  func(context.Context) (*jose.JSONWebKey, error) { return &public, nil },
		"no alg":      func(context.Context) (*jose.JSONWebKey, error) { return &noAlg, nil },
	} {
		token, err := backchannel.KeySigner{Key: key}.SignLogoutToken(t.Context(), map[string]any{"iss": issuer})
		if err == nil || token != "" {
			t.Errorf("%s: signed %q", name, token)
		}
	}
}
