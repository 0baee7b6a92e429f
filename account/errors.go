package account

import (
	"errors"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Sentinel errors of the store. Check them with errors.Is.
var (
	// ErrNotFound is returned when the organisation, user or role asked for
	// does not exist.
	ErrNotFound = storage.NewNotFound("account: not found")
	// ErrAlreadyExists is returned when an id is taken, or an email address is
	// taken by another user (compared case-insensitively).
	ErrAlreadyExists = errors.New("account: already exists")
	// ErrInvalid is returned for values that fail validation; the error also
	// is a *ValidationError naming the field and the problem.
	ErrInvalid = errors.New("account: invalid")
	// ErrCrossDomain is returned when a domain role is given to a user of an
	// organisation in another domain. It is also ErrInvalid.
	ErrCrossDomain = errors.New("account: role of another domain")
)

// ValidationError is one problem with a value. errors.Is(err, ErrInvalid)
// holds for every ValidationError; Err may name a more precise sentinel such
// as ErrCrossDomain.
type ValidationError struct {
	Field   string // e.g. "email", "allowed_factors", "rights"
	Problem string // what is wrong, in words an operator can act on
	Err     error  // optional more precise sentinel
}

func (e *ValidationError) Error() string {
	return "invalid " + e.Field + ": " + e.Problem
}

// Is makes every ValidationError match ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Unwrap returns the more precise sentinel, if any.
func (e *ValidationError) Unwrap() error { return e.Err }

func invalid(field, problem string) error {
	return &ValidationError{Field: field, Problem: problem}
}
