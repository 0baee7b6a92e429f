package mfa

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mijnaccount/mijnaccount/account"
)

// Kinds of factor; they match the names in an organisation's factor policy.
const (
	KindTOTP     = account.FactorTOTP
	KindSMS      = account.FactorSMS
	KindWebAuthn = account.FactorWebAuthn
)

// Authentication method references (RFC 8176) a login records.
const (
	AMRPassword = "pwd"
	AMRTOTP     = "otp"
	AMRSMS      = "sms"
	AMRKey      = "hwk"
	AMRRecovery = "rec"
)

// MaxNameLength bounds the name a user gives a factor.
const MaxNameLength = 60

// Factor is one second factor of one user.
type Factor struct {
	ID     string
	UserID string
	Kind   string
	Name   string // the user's label, e.g. "YubiKey op kantoor"
	// Secret is the TOTP secret (base32) or the phone number (E.164). It is
	// sealed at rest and must never be logged.
	Secret string
	// Credential is a WebAuthn key's public credential (JSON) and CredentialID
	// its id (base64url); both empty for other kinds.
	Credential   []byte
	CredentialID string
	LastStep     int64  // last TOTP time step accepted
	SignCount    uint32 // last WebAuthn signature counter seen
	Default      bool   // offered first at login
	CreatedAt    time.Time
	LastUsedAt   time.Time
}

// AMR returns the method reference a login with f records.
func (f Factor) AMR() string { return AMROf(f.Kind) }

// AMROf returns the method reference of a factor kind.
func AMROf(kind string) string {
	switch kind {
	case KindTOTP:
		return AMRTOTP
	case KindSMS:
		return AMRSMS
	case KindWebAuthn:
		return AMRKey
	}
	return ""
}

// ErrInvalid wraps every validation error.
var ErrInvalid = errors.New("mfa: invalid factor")

// Validate checks a factor before it is stored; all problems are reported.
func Validate(f Factor) error {
	var errs []error
	add := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...)))
	}
	if f.UserID == "" {
		add("user_id is required")
	}
	if utf8.RuneCountInString(f.Name) > MaxNameLength || strings.ContainsAny(f.Name, "\r\n\t") {
		add("name must be at most %d characters on one line", MaxNameLength)
	}
	switch f.Kind {
	case KindTOTP, KindSMS:
		if f.Secret == "" {
			add("a %s factor needs its secret", f.Kind)
		}
		if len(f.Credential) > 0 || f.CredentialID != "" {
			add("only a webauthn factor has a credential")
		}
	case KindWebAuthn:
		if len(f.Credential) == 0 || f.CredentialID == "" {
			add("a webauthn factor needs its credential and credential id")
		}
		if f.Secret != "" {
			add("a webauthn factor has no secret")
		}
	default:
		add("kind %q is not one of totp, sms, webauthn", f.Kind)
	}
	return errors.Join(errs...)
}
