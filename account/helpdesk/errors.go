package helpdesk

import (
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mijnaccount/mijnaccount/audit"
)

// Errors of the service. Input errors are *InputError and match
// ErrInvalidInput.
var (
	ErrInvalidInput   = errors.New("helpdesk: invalid input")
	ErrUnknownAction  = errors.New("helpdesk: unknown action")
	ErrSelf           = errors.New("helpdesk: use the portal for your own account")
	ErrNotAllowed     = errors.New("helpdesk: not allowed")
	ErrSwapCode       = errors.New("helpdesk: the code for the temporary number is wrong or expired")
	ErrAlreadyPending = errors.New("helpdesk: a request for this user is already waiting for approval")
	ErrNoRequest      = errors.New("helpdesk: no such open request")
	ErrOwnRequest     = errors.New("helpdesk: a request needs another helpdesk user's approval")
)

// InputError is a problem with what the actor typed; Message is a message id
// of the pages.
type InputError struct {
	Field   string // "reason" or "ticket"
	Message string
}

func (e *InputError) Error() string { return "helpdesk: invalid " + e.Field + " (" + e.Message + ")" }

// Is makes every InputError match ErrInvalidInput.
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

// Bounds on what an actor types.
const (
	MaxReason = 1000 // characters
	MaxTicket = 40
)

// CheckInput checks a reason (required, at most MaxReason characters) and an
// optional ticket reference, which goes into the audit trail and so must be
// an id the trail accepts ("INC-1234", not a name or a bare long number).
// It returns the trimmed values.
func CheckInput(reason, ticket string) (string, string, error) {
	reason, ticket = strings.TrimSpace(reason), strings.TrimSpace(ticket)
	var errs []error
	switch {
	case reason == "":
		errs = append(errs, &InputError{Field: "reason", Message: "helpdesk.error.reason_required"})
	case utf8.RuneCountInString(reason) > MaxReason || !utf8.ValidString(reason) || hasControl(reason):
		errs = append(errs, &InputError{Field: "reason", Message: "helpdesk.error.reason_invalid"})
	}
	if ticket != "" {
		probe := audit.Event{Time: time.Unix(1, 0), Action: "helpdesk.check", Outcome: audit.OutcomeSuccess, Reason: ticket}
		if len(ticket) > MaxTicket || probe.Validate() != nil {
			errs = append(errs, &InputError{Field: "ticket", Message: "helpdesk.error.ticket_invalid"})
		}
	}
	return reason, ticket, errors.Join(errs...)
}

// hasControl reports control characters other than line breaks and tabs.
func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return true
		}
	}
	return false
}

// InputErrors lists the input problems inside err (joined or single).
func InputErrors(err error) []*InputError {
	var out []*InputError
	var walk func(error)
	walk = func(e error) {
		var ie *InputError
		if errors.As(e, &ie) && e == error(ie) {
			out = append(out, ie)
			return
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
		}
	}
	walk(err)
	return out
}
