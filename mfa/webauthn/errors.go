package webauthn

import (
	"errors"
	"fmt"
	"strings"

	"github.com/go-webauthn/webauthn/protocol"
)

var (
	// ErrNoCeremony: the ceremony id is unknown, expired, already used, or was
	// begun for another user or for the other kind of ceremony. The user starts
	// again.
	ErrNoCeremony = errors.New("webauthn: no such ceremony")
	// ErrInvalidResponse: the browser's response is malformed or failed
	// verification (origin, challenge, relying party, signature, attestation,
	// unknown key). The error wraps the verification detail for the log.
	ErrInvalidResponse = errors.New("webauthn: invalid response")
	// ErrNoCredentials: a login was begun for a user without security keys.
	ErrNoCredentials = errors.New("webauthn: user has no security keys")
)

// responseError is a failed verification. Its text carries go-webauthn's
// details and debug information for the log; errors.Is matches
// ErrInvalidResponse and errors.As reaches the go-webauthn error.
type responseError struct {
	err error
}

func invalidResponse(err error) error { return &responseError{err: err} }

func (e *responseError) Error() string {
	msg := ErrInvalidResponse.Error() + ": " + e.err.Error()
	var pe *protocol.Error
	if errors.As(e.err, &pe) {
		// DevInfo may span lines; keep the log entry on one.
		if info := strings.Join(strings.Fields(pe.DevInfo), " "); info != "" {
			msg += fmt.Sprintf(" [%s: %s]", pe.Type, info)
		} else if pe.Type != "" {
			msg += " [" + pe.Type + "]"
		}
	}
	return msg
}

func (e *responseError) Unwrap() []error { return []error{ErrInvalidResponse, e.err} }

// storeError is a failure of the key-value store. It is deliberately not
// ErrNoCeremony: a store that cannot answer must not look like a missing
// (and so possibly replayed) ceremony.
func storeError(op string, err error) error {
	return fmt.Errorf("webauthn: ceremony store %s: %w", op, err)
}
