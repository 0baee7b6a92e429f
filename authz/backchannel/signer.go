package backchannel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/go-jose/go-jose/v3"
	"github.com/ory/fosite/token/jwt"
)

// TokenType is the JWT "typ" header of a logout token, which keeps it from
// being mistaken for an ID token or another JWT.
const TokenType = "logout+jwt"

// Signer signs the claims of a logout token as a compact JWS whose header
// carries typ TokenType, with the provider's current signing key. It must be
// safe for concurrent use.
type Signer interface {
	SignLogoutToken(ctx context.Context, claims map[string]any) (string, error)
}

// SignFunc adapts a function to Signer. The function must set the typ header
// itself; the Notifier refuses tokens without it.
type SignFunc func(ctx context.Context, claims map[string]any) (string, error)

// SignLogoutToken implements Signer.
func (f SignFunc) SignLogoutToken(ctx context.Context, claims map[string]any) (string, error) {
	return f(ctx, claims)
}

// KeySigner signs logout tokens with a private JSON Web Key: the algorithm is
// the key's Algorithm (e.g. ES256 or RS256), its KeyID becomes the kid
// header, and typ is TokenType.
type KeySigner struct {
	// Key returns the current signing key; it is called for every token, so
	// a rotated key is used at once.
	Key func(ctx context.Context) (*jose.JSONWebKey, error)
}

// SignLogoutToken implements Signer.
func (s KeySigner) SignLogoutToken(ctx context.Context, claims map[string]any) (string, error) {
	if s.Key == nil {
		return "", errors.New("backchannel: KeySigner without Key")
	}
	key, err := s.Key(ctx)
	if err != nil {
		return "", fmt.Errorf("backchannel: signing key: %w", err)
	}
	switch {
	case key == nil || key.Key == nil:
		return "", errors.New("backchannel: no signing key")
	case key.IsPublic():
		return "", errors.New("backchannel: signing key is a public key")
	case key.Algorithm == "":
		return "", errors.New("backchannel: signing key has no algorithm")
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.SignatureAlgorithm(key.Algorithm), Key: key},
		(&jose.SignerOptions{}).WithType(TokenType))
	if err != nil {
		return "", fmt.Errorf("backchannel: signer: %w", err)
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("backchannel: encode claims: %w", err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("backchannel: sign: %w", err)
	}
	return jws.CompactSerialize()
}

// JWTSigner signs logout tokens with a fosite JWT signer (such as the one the
// provider signs ID tokens with), asking it for the typ header TokenType.
type JWTSigner struct {
	Signer jwt.Signer
}

// SignLogoutToken implements Signer.
func (s JWTSigner) SignLogoutToken(ctx context.Context, claims map[string]any) (string, error) {
	if s.Signer == nil {
		return "", errors.New("backchannel: JWTSigner without Signer")
	}
	token, _, err := s.Signer.Generate(ctx, jwt.MapClaims(claims), &jwt.Headers{Extra: map[string]any{"typ": TokenType}})
	if err != nil {
		return "", fmt.Errorf("backchannel: sign: %w", err)
	}
	return token, nil
}
