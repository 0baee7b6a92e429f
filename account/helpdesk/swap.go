package helpdesk

import (
	"context"
	"errors"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/mfa/phoneswap"
)

// Swaps ends a user's temporary phone number.
type Swaps interface {
	Active(ctx context.Context, userID string) (phoneswap.Swap, error)
	End(ctx context.Context, userID, by string) error
}

// swapRunning adapts Swaps for the user page.
type swapRunning struct{ Swaps }

// Running reports whether the user has a temporary number in use.
func (s swapRunning) Running(ctx context.Context, userID string) (bool, error) {
	_, err := s.Active(ctx, userID)
	if errors.Is(err, phoneswap.ErrNoSwap) {
		return false, nil
	}
	return err == nil, err
}

// endSwap puts the user's own number back; the swap service ends the
// sessions and tells the user and both numbers.
func (s *Service) endSwap(ctx context.Context, a Actor, u account.User, _ Request) (Result, error) {
	if s.Swaps == nil {
		return Result{}, ErrNotAllowed
	}
	if err := s.Swaps.End(ctx, u.ID, a.ID); err != nil {
		if errors.Is(err, phoneswap.ErrNoSwap) {
			return Result{}, ErrNotAllowed
		}
		return Result{}, err
	}
	return Result{}, nil
}
