package keys

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"

	"github.com/go-jose/go-jose/v3"
	"github.com/ory/fosite/token/jwt"
)

// refusedHeaders are header parameters a caller may not set: they would tell
// a verifier to take its key from, or to process the token in a way, other
// than the published JWKS and a plain compact JWS.
var refusedHeaders = map[string]bool{
	"jku": true, "jwk": true, "x5u": true, "x5c": true, "x5t": true, "x5t#S256": true,
	"crit": true, "b64": true, "zip": true, "enc": true,
}

// Signer returns a fosite jwt.Signer that signs with the signing key of alg
// (ES256 or RS256), or of the algorithm a header "alg" names. It sets the
// kid and alg headers and passes the others through; typ defaults to "JWT".
// Validate and Decode accept any published key of the token's algorithm.
func (m *Manager) Signer(alg string) jwt.Signer { return &signer{m: m, alg: alg} }

type signer struct {
	m   *Manager
	alg string
}

var _ jwt.Signer = (*signer)(nil)

// Generate implements jwt.Signer. It fails, and signs nothing, when the keys
// cannot be loaded or the header asks for something it cannot honour.
func (s *signer) Generate(ctx context.Context, claims jwt.MapClaims, header jwt.Mapper) (string, string, error) {
	if claims == nil {
		return "", "", errors.New("keys: sign: claims are nil")
	}
	alg, hdr, err := signingHeader(s.alg, header)
	if err != nil {
		return "", "", err
	}
	e, err := s.m.signingKey(ctx, alg)
	if err != nil {
		return "", "", err
	}
	hdr["kid"] = e.key.ID
	tok := jwt.NewWithClaims(jose.SignatureAlgorithm(alg), claims)
	tok.Header = hdr
	raw, err := tok.SignedString(e.priv)
	if err != nil {
		return "", "", fmt.Errorf("keys: sign with kid %s: %w", e.key.ID, err)
	}
	sig, err := signature(raw)
	return raw, sig, err
}

// signingHeader returns the algorithm to sign with and the headers to set
// besides alg and kid. A header "alg" overrides def; jwt.Headers hides it
// from ToMap, so it is read with Get.
func signingHeader(def string, header jwt.Mapper) (string, map[string]any, error) {
	out := map[string]any{}
	alg := def
	if h, ok := header.(*jwt.Headers); header == nil || (ok && h == nil) {
		return alg, out, checkAlg(alg)
	}
	if v := header.Get("alg"); v != nil && v != "" {
		a, ok := v.(string)
		if !ok {
			return "", nil, fmt.Errorf("%w: header alg is a %T", ErrUnsupportedAlg, v)
		}
		alg = a
	}
	if err := checkAlg(alg); err != nil {
		return "", nil, err
	}
	for k, v := range header.ToMap() {
		switch {
		case k == "alg" || k == "kid":
			continue
		case refusedHeaders[k]:
			return "", nil, fmt.Errorf("keys: sign: header %s may not be set", quoteShort(k))
		}
		out[k] = v
	}
	return alg, out, nil
}

// Validate implements jwt.Signer: it verifies token (see Verify) and returns
// its signature.
func (s *signer) Validate(ctx context.Context, token string) (string, error) {
	if _, err := s.m.Verify(ctx, token); err != nil {
		return "", err
	}
	return signature(token)
}

// Decode implements jwt.Signer; see Verify.
func (s *signer) Decode(ctx context.Context, token string) (*jwt.Token, error) {
	return s.m.Verify(ctx, token)
}

// GetSignature implements jwt.Signer.
func (s *signer) GetSignature(_ context.Context, token string) (string, error) {
	return signature(token)
}

// Hash implements jwt.Signer with SHA-256, the hash of both ES256 and RS256.
func (s *signer) Hash(_ context.Context, in []byte) ([]byte, error) {
	sum := sha256.Sum256(in)
	return sum[:], nil
}

// GetSigningMethodLength implements jwt.Signer: the SHA-256 size.
func (s *signer) GetSigningMethodLength(context.Context) int { return jwt.SHA256HashSize }

// Verify checks a compact JWS signed by one of the published keys: the kid
// header must name a current or previous key, and the alg header must be
// that key's algorithm (so none, HMAC and any other algorithm are refused).
// The time claims are checked as fosite does. Errors are
// *jwt.ValidationError, as fosite expects; for an expired token the token is
// returned as well.
func (m *Manager) Verify(ctx context.Context, token string) (*jwt.Token, error) {
	if strings.Count(token, ".") != 2 || strings.HasPrefix(token, "{") {
		return nil, &jwt.ValidationError{Errors: jwt.ValidationErrorMalformed,
			Inner: errors.New("keys: token is not a compact JWS")}
	}
	return jwt.ParseWithClaims(token, jwt.MapClaims{}, func(t *jwt.Token) (any, error) {
		return m.verificationKey(ctx, t)
	})
}

func (m *Manager) verificationKey(ctx context.Context, t *jwt.Token) (any, error) {
	alg := string(t.Method)
	if err := checkAlg(alg); err != nil {
		return nil, &jwt.ValidationError{Errors: jwt.ValidationErrorUnverifiable, Inner: err}
	}
	kid, _ := t.Header["kid"].(string)
	if kid == "" {
		return nil, &jwt.ValidationError{Errors: jwt.ValidationErrorUnverifiable,
			Inner: errors.New("keys: token has no kid")}
	}
	e, err := m.publishedKey(ctx, kid)
	if err != nil {
		return nil, &jwt.ValidationError{Errors: jwt.ValidationErrorUnverifiable, Inner: err}
	}
	if e == nil {
		return nil, &jwt.ValidationError{Errors: jwt.ValidationErrorUnverifiable,
			Inner: fmt.Errorf("keys: kid %s is not a published key", quoteShort(kid))}
	}
	if e.key.Alg != alg {
		return nil, &jwt.ValidationError{Errors: jwt.ValidationErrorUnverifiable,
			Inner: fmt.Errorf("keys: kid %s is an %s key, the token says %s", e.key.ID, e.key.Alg, alg)}
	}
	return e.key.Public, nil
}

func signature(token string) (string, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[2] == "" {
		return "", errors.New("keys: token must have a header, a payload and a signature")
	}
	return parts[2], nil
}
