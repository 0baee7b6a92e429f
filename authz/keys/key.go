package keys

import (
	"crypto"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strconv"
	"time"
)

// The supported signing algorithms.
const (
	AlgES256 = "ES256" // ECDSA on P-256 with SHA-256, the default
	AlgRS256 = "RS256" // RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit keys
)

// Algs lists the supported algorithms; Ensure keeps a current key for each.
var Algs = []string{AlgES256, AlgRS256}

// State is where a key is in its life.
type State string

// The key states.
const (
	// StateCurrent: signs new tokens (see the package documentation for the
	// activation delay) and is published.
	StateCurrent State = "current"
	// StatePrevious: the current key before the last rotation; published and
	// accepted, so tokens it signed still verify.
	StatePrevious State = "previous"
	// StateRetired: neither published nor accepted; its private key is erased.
	StateRetired State = "retired"
)

// Key describes a signing key. It never holds the private key.
type Key struct {
	ID          string // the kid
	Alg         string // AlgES256 or AlgRS256
	State       State
	CreatedAt   time.Time
	ActivatedAt time.Time // when it became current
	RetiredAt   time.Time // zero unless retired
	Public      crypto.PublicKey
}

// Published reports whether the key is in the JWKS and accepted for
// verification.
func (k Key) Published() bool { return k.State == StateCurrent || k.State == StatePrevious }

var (
	// ErrUnsupportedAlg: the algorithm is not ES256 or RS256.
	ErrUnsupportedAlg = errors.New("keys: unsupported algorithm")
	// ErrUnsupportedKey: an imported key is not an EC P-256 key or an RSA key
	// of at least 2048 bits, or the PEM holds no usable private key.
	ErrUnsupportedKey = errors.New("keys: unsupported key")
	// ErrKeyReused: an imported key is already stored as a previous or
	// retired key.
	ErrKeyReused = errors.New("keys: key was used before")
	// ErrNoKey: there is no signing key for the algorithm (Ensure has not run).
	ErrNoKey = errors.New("keys: no signing key")
)

func checkAlg(alg string) error {
	if alg != AlgES256 && alg != AlgRS256 {
		return &algError{alg: alg}
	}
	return nil
}

type algError struct{ alg string }

func (e *algError) Error() string {
	return ErrUnsupportedAlg.Error() + " " + quoteShort(e.alg) + " (want ES256 or RS256)"
}

func (e *algError) Unwrap() error { return ErrUnsupportedAlg }

// quoteShort quotes s for an error message, cut to a sane length because it
// may come from a token header.
func quoteShort(s string) string {
	const max = 32
	if len(s) > max {
		s = s[:max] + "..."
	}
	return strconv.Quote(s)
}

// newKID returns a random, URL-safe key id.
func newKID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic("keys: crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
