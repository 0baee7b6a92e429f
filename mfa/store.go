package mfa

import (
	"context"
	"errors"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Errors of the store. Validation errors wrap ErrInvalid.
var (
	ErrNotFound      = storage.NewNotFound("mfa: not found")
	ErrAlreadyExists = errors.New("mfa: already exists")
	ErrLastFactor    = errors.New("mfa: the last factor cannot be removed")
	ErrReplay        = errors.New("mfa: time step already used")
	ErrRecoveryCode  = errors.New("mfa: recovery code does not match")
)

// Store keeps factors and recovery codes. Every method that names a user and
// a factor acts only when the factor belongs to that user.
type Store interface {
	// ListFactors returns the user's factors, oldest first.
	ListFactors(ctx context.Context, userID string) ([]Factor, error)
	GetFactor(ctx context.Context, userID, id string) (Factor, error)
	// AddFactor validates and stores f with a new id; the user's first
	// factor becomes the default. A WebAuthn credential id already stored
	// gives ErrAlreadyExists.
	AddFactor(ctx context.Context, f Factor) (Factor, error)
	RenameFactor(ctx context.Context, userID, id, name string) error
	SetDefault(ctx context.Context, userID, id string) error
	// ReplaceSecret puts a new secret (a new phone number) into a factor.
	ReplaceSecret(ctx context.Context, userID, id, secret string) error
	// DeleteFactor removes one factor; the user's last one gives
	// ErrLastFactor. When the default goes, the oldest left becomes default.
	DeleteFactor(ctx context.Context, userID, id string) error
	// DeleteAllFactors removes every factor and the recovery code (helpdesk
	// reset) and returns how many factors there were.
	DeleteAllFactors(ctx context.Context, userID string) (int, error)
	// UseTOTPStep records step as used for a TOTP factor, atomically: when
	// the stored step is already at or past it, nothing changes and the
	// answer is ErrReplay.
	UseTOTPStep(ctx context.Context, id string, step int64, at time.Time) error
	// UseKey records a WebAuthn key's new signature counter and use time.
	UseKey(ctx context.Context, id string, signCount uint32, at time.Time) error
	// Touch records that a factor was used.
	Touch(ctx context.Context, id string, at time.Time) error

	// SetRecoveryCode replaces the user's recovery code hash.
	SetRecoveryCode(ctx context.Context, userID, hash string, at time.Time) error
	// UseRecoveryCode deletes the user's code when hash matches it, atomically
	// (two concurrent uses cannot both succeed); otherwise ErrRecoveryCode.
	UseRecoveryCode(ctx context.Context, userID, hash string) error
	HasRecoveryCode(ctx context.Context, userID string) (bool, error)
}
