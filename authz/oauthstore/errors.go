package oauthstore

import "errors"

// Sentinel errors of the package. Check them with errors.Is. Unknown clients,
// codes and tokens are reported as fosite.ErrNotFound, which fosite expects.
var (
	// ErrInvalidClient is matched by every problem ValidateClient reports.
	ErrInvalidClient = errors.New("oauthstore: invalid client")
	// ErrAlreadyExists is returned when a client id is taken.
	ErrAlreadyExists = errors.New("oauthstore: already exists")
	// ErrNoExpiry is returned when a code or token to store has no expiry.
	ErrNoExpiry = errors.New("oauthstore: no expiry")
)

// Problem is one thing wrong with a client. errors.Is(p, ErrInvalidClient)
// holds for every Problem.
type Problem struct {
	Field   string // e.g. `redirect_uri "http://example.nl/cb"`, "grant_types"
	Message string // what is wrong, in words an operator can act on
}

func (p *Problem) Error() string { return p.Field + ": " + p.Message }

// Is makes every Problem match ErrInvalidClient.
func (p *Problem) Is(target error) bool { return target == ErrInvalidClient }
