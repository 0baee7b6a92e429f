package authz

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"

	"github.com/ory/fosite/token/jwt"
)

// Signing algorithms a client may ask for its ID tokens.
const (
	AlgES256 = "ES256"
	AlgRS256 = "RS256"
)

// algHeader is the header key through which a session asks for RS256; the
// signer removes it and signs with the key of that algorithm.
const algHeader = "alg"

// algSigner signs with ES256 unless the token's header asks for RS256
// (clients registered with id_token_signed_response_alg RS256), and checks
// tokens of either algorithm.
type algSigner struct {
	keys Keys
}

var _ jwt.Signer = (*algSigner)(nil)

func (s *algSigner) pick(alg string) jwt.Signer {
	if alg == AlgRS256 {
		return s.keys.Signer(AlgRS256)
	}
	return s.keys.Signer(AlgES256)
}

// Generate implements jwt.Signer.
func (s *algSigner) Generate(ctx context.Context, claims jwt.MapClaims, header jwt.Mapper) (string, string, error) {
	alg := AlgES256
	if h, ok := header.(*jwt.Headers); ok && h != nil && h.Extra != nil {
		if a, ok := h.Extra[algHeader].(string); ok {
			alg = a
		}
		copied := &jwt.Headers{Extra: map[string]any{}}
		for k, v := range h.Extra {
			if k != algHeader {
				copied.Extra[k] = v
			}
		}
		header = copied
	}
	return s.pick(alg).Generate(ctx, claims, header)
}

// tokenAlg reads the alg of a compact JWS without trusting it further.
func tokenAlg(token string) (string, error) {
	head, _, ok := strings.Cut(token, ".")
	if !ok {
		return "", errors.New("authz: not a JWT")
	}
	raw, err := base64.RawURLEncoding.DecodeString(head)
	if err != nil {
		return "", errors.New("authz: not a JWT")
	}
	var h struct {
		Alg string `json:"alg"`
	}
	if err := json.Unmarshal(raw, &h); err != nil {
		return "", errors.New("authz: not a JWT")
	}
	return h.Alg, nil
}

// Validate implements jwt.Signer.
func (s *algSigner) Validate(ctx context.Context, token string) (string, error) {
	alg, err := tokenAlg(token)
	if err != nil {
		return "", err
	}
	return s.pick(alg).Validate(ctx, token)
}

// Decode implements jwt.Signer.
func (s *algSigner) Decode(ctx context.Context, token string) (*jwt.Token, error) {
	alg, err := tokenAlg(token)
	if err != nil {
		return nil, err
	}
	return s.pick(alg).Decode(ctx, token)
}

// GetSignature implements jwt.Signer.
func (s *algSigner) GetSignature(ctx context.Context, token string) (string, error) {
	return s.pick(AlgES256).GetSignature(ctx, token)
}

// Hash implements jwt.Signer (at_hash and c_hash: SHA-256 for both algs).
func (s *algSigner) Hash(ctx context.Context, in []byte) ([]byte, error) {
	return s.pick(AlgES256).Hash(ctx, in)
}

// GetSigningMethodLength implements jwt.Signer.
func (s *algSigner) GetSigningMethodLength(ctx context.Context) int {
	return s.pick(AlgES256).GetSigningMethodLength(ctx)
}
