package smsotp

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors. Check them with errors.Is.
var (
	// ErrInvalidRequest: a Request (or a binding) is missing something or has
	// a value out of range. Nothing was counted or sent.
	ErrInvalidRequest = errors.New("smsotp: invalid request")
	// ErrMalformed: the entered code is not six digits. No try was counted.
	ErrMalformed = errors.New("smsotp: a code is six digits")
	// ErrNoCode: no live code for the binding (never sent, expired, used or
	// replaced).
	ErrNoCode = errors.New("smsotp: no valid code; request a new one")
	// ErrTooManyTries: too many wrong codes; the code is void.
	ErrTooManyTries = errors.New("smsotp: too many wrong codes; request a new one")
	// ErrInvalid: the code is wrong. The error is an *InvalidError.
	ErrInvalid = errors.New("smsotp: wrong code")
	// ErrCooldown: a code was sent for the binding moments ago. The error is
	// a *CooldownError.
	ErrCooldown = errors.New("smsotp: wait before requesting another code")
	// ErrLimited: a sending limit is reached. The error is a *LimitError.
	ErrLimited = errors.New("smsotp: too many codes requested")
	// ErrNumberRefused: the number may not receive codes (sms.CheckPhone):
	// not a mobile number, not a valid one, or of a country not allowed.
	// Nothing was counted, stored or sent. The error wraps the sms error
	// (errors.As finds an *sms.NotMobileError) and never holds the number.
	ErrNumberRefused = errors.New("smsotp: this number may not receive codes")
	// ErrBudget: the billing customer's SMS budget does not allow another
	// message; the user signs in with another factor. Config.Budget
	// implementations wrap it (fmt.Errorf("...: %w", smsotp.ErrBudget)) so
	// that Send can tell a refusal from a failure.
	ErrBudget = errors.New("smsotp: SMS budget reached; use another factor")
)

// InvalidError is a wrong code; errors.Is(err, ErrInvalid) holds.
type InvalidError struct {
	TriesLeft int // wrong codes that may still be entered for this code
}

func (e *InvalidError) Error() string {
	return fmt.Sprintf("smsotp: wrong code (%d tries left)", e.TriesLeft)
}

// Is makes every InvalidError match ErrInvalid.
func (e *InvalidError) Is(target error) bool { return target == ErrInvalid }

// CooldownError refuses a send shortly after the last one for the same
// binding; errors.Is(err, ErrCooldown) holds.
type CooldownError struct {
	RetryAfter time.Duration
}

func (e *CooldownError) Error() string {
	return fmt.Sprintf("smsotp: wait %s before requesting another code", e.RetryAfter.Round(time.Second))
}

// Is makes every CooldownError match ErrCooldown.
func (e *CooldownError) Is(target error) bool { return target == ErrCooldown }

// Scopes of a LimitError.
const (
	ScopeUser = "user"
	ScopeOrg  = "org"
	ScopeIP   = "ip"
)

// LimitError refuses a send because a limit is reached; errors.Is(err,
// ErrLimited) holds.
type LimitError struct {
	Scope      string        // ScopeUser, ScopeOrg or ScopeIP
	Rule       string        // the limit: "sms-user-hour", "sms-user-day", "sms-org-day" or "sms-ip-hour"
	RetryAfter time.Duration // until the limit's window ends
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("smsotp: %s limit reached (%s); try again in %s", e.Scope, e.Rule, e.RetryAfter.Round(time.Second))
}

// Is makes every LimitError match ErrLimited.
func (e *LimitError) Is(target error) bool { return target == ErrLimited }
