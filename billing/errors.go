package billing

import (
	"errors"
	"fmt"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Sentinel errors. Check them with errors.Is; the errors returned carry a
// message that says what is wrong in words an operator can act on.
var (
	// ErrInvalid: an argument is malformed or breaks a rule (a tariff that
	// takes effect too early, a month that has not ended yet, …).
	ErrInvalid = errors.New("billing: invalid")
	// ErrNotFound: the customer, organisation, notice, budget or closed month
	// asked for does not exist.
	ErrNotFound = storage.NewNotFound("billing: not found")
	// ErrClosed: the month is already closed; its statements never change.
	ErrClosed = errors.New("billing: month already closed")
	// ErrBudgetExhausted: the customer's monthly SMS budget is used up and
	// the customer chose to stop sending at the limit. The error is a
	// *BudgetError, which also matches smsotp.ErrBudget.
	ErrBudgetExhausted = errors.New("billing: SMS budget exhausted")
)

// kindError is an error with its own message that matches one sentinel.
type kindError struct {
	kind error
	msg  string
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

func invalidf(format string, args ...any) error {
	return &kindError{kind: ErrInvalid, msg: fmt.Sprintf(format, args...)}
}

func notFoundf(format string, args ...any) error {
	return &kindError{kind: ErrNotFound, msg: fmt.Sprintf(format, args...)}
}

func closedf(format string, args ...any) error {
	return &kindError{kind: ErrClosed, msg: fmt.Sprintf(format, args...)}
}
