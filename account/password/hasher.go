package password

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"golang.org/x/crypto/argon2"
)

// MaxInputBytes is the longest password Hash and Verify will process. The
// policy allows far less (128 characters); anything longer is refused
// before any hashing so that huge inputs cost nothing.
const MaxInputBytes = 1024

// ErrTooLong is returned by Hash for a password over MaxInputBytes.
var ErrTooLong = errors.New("password: longer than 1024 bytes")

// Hasher hashes and verifies passwords with argon2id. The zero value uses
// DefaultParams. A Hasher is safe for concurrent use; do not copy it after
// first use.
type Hasher struct {
	// Params are used for new hashes; stored hashes with other parameters
	// still verify, and Verify asks for a rehash.
	Params Params

	dummyOnce sync.Once
	dummy     encoded
}

// NewHasher returns a Hasher with p, or an error when p is unusable.
func NewHasher(p Params) (*Hasher, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &Hasher{Params: p}, nil
}

func (h *Hasher) params() Params {
	if h.Params == (Params{}) {
		return DefaultParams()
	}
	return h.Params
}

// Hash returns the PHC string of pw with a fresh random salt.
func (h *Hasher) Hash(pw string) (string, error) {
	if len(pw) > MaxInputBytes {
		return "", ErrTooLong
	}
	p := h.params()
	if err := p.Validate(); err != nil {
		return "", err
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: reading salt: %w", err)
	}
	e := encoded{params: p, salt: salt, key: derive(pw, salt, p)}
	return e.String(), nil
}

// Verify reports whether pw matches the stored PHC string. rehash is true
// when pw matches but the stored hash was made with other parameters than
// h's: the caller should then store a new Hash(pw). A password over
// MaxInputBytes never matches (it could not have been set) and is refused
// without hashing. err is non-nil only for a malformed stored hash.
func (h *Hasher) Verify(pw, stored string) (ok, rehash bool, err error) {
	e, err := parse(stored)
	if err != nil {
		return false, false, err
	}
	if len(pw) > MaxInputBytes {
		return false, false, nil
	}
	if !matches(pw, e) {
		return false, false, nil
	}
	return true, e.params != h.params(), nil
}

// DummyVerify does the work of a Verify with h's parameters against a fixed
// dummy hash that nothing matches, and returns false. Call it when there is
// no user or no stored hash, so the answer takes as long as for a real user.
func (h *Hasher) DummyVerify(pw string) bool {
	h.dummyOnce.Do(func() {
		p := h.params()
		if p.Validate() != nil {
			p = DefaultParams()
		}
		// Random salt and key: no password derives this key.
		e := encoded{params: p, salt: make([]byte, p.SaltLen), key: make([]byte, p.KeyLen)}
		_, _ = rand.Read(e.salt)
		_, _ = rand.Read(e.key)
		h.dummy = e
	})
	if len(pw) > MaxInputBytes {
		return false
	}
	_ = matches(pw, h.dummy)
	return false
}

func matches(pw string, e encoded) bool {
	got := derive(pw, e.salt, e.params)
	return subtle.ConstantTimeCompare(got, e.key) == 1
}

// slots bounds how many argon2id derivations run at once in the process:
// one per CPU the Go scheduler uses. More would not finish sooner, only hold
// more memory (each holds Params.Memory, 19 MiB by default) and make the
// collector work harder; a login beyond the bound waits its turn.
var slots = make(chan struct{}, runtime.GOMAXPROCS(0))

func derive(pw string, salt []byte, p Params) []byte {
	slots <- struct{}{}
	defer func() { <-slots }()
	return argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}
