package sms

import (
	"errors"
	"fmt"
)

// Kind sorts provider failures into what the caller can tell the user.
type Kind int

const (
	// Unavailable: the provider answered 5xx or could not be reached (network,
	// timeout, cancelled context). Trying again later may work.
	Unavailable Kind = iota
	// InvalidNumber: the provider says the number is not a valid (mobile)
	// number (Twilio 21211, 21614).
	InvalidNumber
	// RateLimited: HTTP 429 or Twilio 20429.
	RateLimited
	// Unreachable: the number is valid but cannot get our SMS (Twilio 21408
	// region not enabled, 21610 recipient opted out, 21612 not reachable by SMS).
	Unreachable
	// Rejected: any other 4xx, e.g. wrong credentials (401) or a bad sender.
	Rejected
)

var kindNames = [...]string{
	Unavailable:   "unavailable",
	InvalidNumber: "invalid_number",
	RateLimited:   "rate_limited",
	Unreachable:   "unreachable",
	Rejected:      "rejected",
}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// ProviderError is a failed send. It holds codes only: the provider's own
// message is dropped because Twilio echoes the phone number in it.
type ProviderError struct {
	Code   int  // Twilio error code, 0 when none (network failure)
	Status int  // HTTP status, 0 when there was no answer
	Kind   Kind // what the caller can tell the user
	// Err is the transport error when there was no answer (for errors.Is with
	// context.Canceled / DeadlineExceeded); nil otherwise.
	Err error
}

func (e *ProviderError) Error() string {
	if e.Err != nil && e.Status == 0 {
		return fmt.Sprintf("sms: provider %s: %v", e.Kind, e.Err)
	}
	return fmt.Sprintf("sms: provider %s (http %d, code %d)", e.Kind, e.Status, e.Code)
}

func (e *ProviderError) Unwrap() error { return e.Err }

// KindOf returns the Kind of a *ProviderError in err's chain, and false when
// err is not a provider error.
func KindOf(err error) (Kind, bool) {
	var pe *ProviderError
	if errors.As(err, &pe) {
		return pe.Kind, true
	}
	return 0, false
}

var unreachableCodes = map[int]bool{21408: true, 21610: true, 21612: true}

// classify maps an HTTP status and Twilio code to a Kind.
func classify(status, code int) Kind {
	switch {
	case code == 21211 || code == 21614:
		return InvalidNumber
	case status == 429 || code == 20429:
		return RateLimited
	case unreachableCodes[code]:
		return Unreachable
	case status >= 400 && status < 500:
		return Rejected
	default:
		return Unavailable
	}
}
