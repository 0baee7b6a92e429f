package totp

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

const (
	// Digits is the code length.
	Digits = 6
	// Period is the length of one time step in seconds.
	Period = 30
	// Skew is how many steps before and after now are accepted.
	Skew = 1
	// SecretSize is the size of a generated secret in bytes (160 bits, RFC 4226 R6).
	SecretSize = 20
	// MinSecretSize is the smallest secret Validate accepts (128 bits).
	MinSecretSize = 16
)

var (
	// ErrMalformed: the code is not exactly six ASCII digits.
	ErrMalformed = errors.New("totp: code must be exactly 6 digits")
	// ErrInvalid: the code does not match any accepted time step.
	ErrInvalid = errors.New("totp: invalid code")
	// ErrReplay: the code matched a step at or before the last accepted one.
	ErrReplay = errors.New("totp: code already used")
	// ErrSecret: the stored secret is unusable (not base32, or too short).
	ErrSecret = errors.New("totp: unusable secret")
)

var (
	b32    = base32.StdEncoding.WithPadding(base32.NoPadding)
	optsV  = totp.ValidateOpts{Period: Period, Skew: Skew, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}
	optsGn = totp.GenerateOpts{Period: Period, SecretSize: SecretSize, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}
)

// Enrolment is what the user sees once while adding the factor. Secret must
// be sealed (secretbox) before it is stored; none of these fields may be logged.
type Enrolment struct {
	Secret  string // base32, no padding, upper case (32 characters)
	URL     string // otpauth://totp/... for the QR code
	Grouped string // Secret in groups of 4 for typing by hand
}

// NewSecret generates a random secret for accountName at issuer.
func NewSecret(issuer, accountName string) (Enrolment, error) {
	return newSecret(rand.Reader, issuer, accountName)
}

func newSecret(r io.Reader, issuer, accountName string) (Enrolment, error) {
	for _, f := range []struct{ name, v string }{{"issuer", issuer}, {"account name", accountName}} {
		if strings.TrimSpace(f.v) == "" {
			return Enrolment{}, fmt.Errorf("totp: %s is empty", f.name)
		}
		if strings.Contains(f.v, ":") {
			return Enrolment{}, fmt.Errorf("totp: %s must not contain ':'", f.name)
		}
	}
	secret := make([]byte, SecretSize)
	if _, err := io.ReadFull(r, secret); err != nil {
		return Enrolment{}, fmt.Errorf("totp: reading random secret: %w", err)
	}
	opts := optsGn
	opts.Issuer, opts.AccountName, opts.Secret = issuer, accountName, secret
	key, err := totp.Generate(opts)
	if err != nil {
		return Enrolment{}, fmt.Errorf("totp: %w", err)
	}
	return Enrolment{Secret: key.Secret(), URL: key.URL(), Grouped: Group(key.Secret())}, nil
}

// Group splits a secret into space-separated groups of four characters.
func Group(secret string) string {
	var b strings.Builder
	for i := 0; i < len(secret); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(secret[i:min(i+4, len(secret))])
	}
	return b.String()
}

// Step returns the RFC 6238 time step containing t.
func Step(t time.Time) int64 {
	s := t.Unix()
	if s < 0 {
		return (s - Period + 1) / Period
	}
	return s / Period
}

// Validate checks code against secret at now, allowing Skew steps either way.
// lastStep is the step last accepted for this factor (0 if none): any match
// at or before it is refused with ErrReplay. On success it returns the
// matched step, which the caller must store as described in the package
// documentation. Codes are compared in constant time.
func Validate(secret, code string, now time.Time, lastStep int64) (step int64, err error) {
	if !wellFormed(code) {
		return 0, ErrMalformed
	}
	if err := checkSecret(secret); err != nil {
		return 0, err
	}
	current := Step(now)
	matched, anyMatch := int64(0), false
	for s := current - Skew; s <= current+Skew; s++ {
		if s < 0 {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*Period, 0), optsV)
		if err != nil {
			return 0, fmt.Errorf("%w: %v", ErrSecret, err)
		}
		// No early exit: every step is computed and compared. If a code
		// happens to match two steps, the later one counts, so it can't be
		// accepted a second time for that step.
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			matched, anyMatch = s, true
		}
	}
	switch {
	case !anyMatch:
		return 0, ErrInvalid
	case matched <= lastStep:
		return 0, ErrReplay
	}
	return matched, nil
}

func wellFormed(code string) bool {
	if len(code) != Digits {
		return false
	}
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return false
		}
	}
	return true
}

// checkSecret accepts only what NewSecret produces or an equivalent imported
// secret: upper-case base32 without padding, at least MinSecretSize bytes.
// An empty secret would make every code public, so it is never accepted.
func checkSecret(secret string) error {
	raw, err := b32.DecodeString(secret)
	if err != nil {
		return fmt.Errorf("%w: not unpadded upper-case base32", ErrSecret)
	}
	if len(raw) < MinSecretSize {
		return fmt.Errorf("%w: %d bytes, need at least %d", ErrSecret, len(raw), MinSecretSize)
	}
	return nil
}

// ForSecret rebuilds the Enrolment of an existing secret (a page shown again
// while the user has not confirmed the app yet).
func ForSecret(issuer, accountName, secret string) Enrolment {
	v := url.Values{}
	v.Set("secret", secret)
	v.Set("issuer", issuer)
	v.Set("algorithm", "SHA1")
	v.Set("digits", "6")
	v.Set("period", strconv.Itoa(Period))
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + issuer + ":" + accountName, RawQuery: v.Encode()}
	return Enrolment{Secret: secret, URL: u.String(), Grouped: Group(secret)}
}
