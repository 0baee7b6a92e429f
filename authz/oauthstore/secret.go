package oauthstore

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"

	"github.com/ory/fosite"
)

// SecretBytes is the number of random bytes in a client secret (256 bits).
const SecretBytes = 32

// secretHashPrefix names the scheme of a stored secret hash, so that another
// scheme can be introduced later next to existing hashes.
const secretHashPrefix = "sha256$"

var (
	errSecretMismatch = errors.New("oauthstore: client secret does not match")
	errUnknownHash    = errors.New("oauthstore: stored client secret hash has an unknown format")
	errEmptySecret    = errors.New("oauthstore: empty client secret")
)

// NewSecret returns a new client secret: SecretBytes random bytes, base64url
// without padding (43 characters). Show it once; store only its hash.
func NewSecret() (secret string, err error) {
	b := make([]byte, SecretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// SecretHasher hashes and compares client secrets; configure it as fosite's
// ClientSecretsHasher. A hash is "sha256$" followed by the hex SHA-256 of the
// secret.
//
// A fast hash is the right choice here because client secrets are not
// passwords: NewSecret draws 256 random bits, so even with the stored hash an
// attacker has 2^256 candidates to try, and a slow hash cannot make that any
// harder. Slow password hashes (bcrypt, Argon2) exist to stretch the few bits
// of human-chosen secrets; for these they would only cost CPU on every token
// request, which an attacker could use to load the server. Never hash a
// human-chosen secret with it.
type SecretHasher struct{}

var _ fosite.Hasher = SecretHasher{}

// Hash implements fosite.Hasher.
func (SecretHasher) Hash(_ context.Context, data []byte) ([]byte, error) {
	if len(data) == 0 {
		return nil, errEmptySecret
	}
	sum := sha256.Sum256(data)
	out := make([]byte, 0, len(secretHashPrefix)+hex.EncodedLen(len(sum)))
	out = append(out, secretHashPrefix...)
	return hex.AppendEncode(out, sum[:]), nil
}

// Compare implements fosite.Hasher: nil when data is the secret hash was made
// from. The digests are compared in constant time.
func (SecretHasher) Compare(_ context.Context, hash, data []byte) error {
	want, ok := parseSecretHash(hash)
	if !ok {
		return errUnknownHash
	}
	got := sha256.Sum256(data)
	if subtle.ConstantTimeCompare(got[:], want) != 1 {
		return errSecretMismatch
	}
	return nil
}

// HashSecret returns the stored form of a secret made by NewSecret.
func HashSecret(secret string) ([]byte, error) {
	return SecretHasher{}.Hash(context.Background(), []byte(secret))
}

// IsSecretHash reports whether b has the form SecretHasher produces.
func IsSecretHash(b []byte) bool {
	_, ok := parseSecretHash(b)
	return ok
}

func parseSecretHash(b []byte) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(b, []byte(secretHashPrefix))
	if !ok || len(rest) != hex.EncodedLen(sha256.Size) {
		return nil, false
	}
	sum := make([]byte, sha256.Size)
	if _, err := hex.Decode(sum, rest); err != nil {
		return nil, false
	}
	return sum, true
}
