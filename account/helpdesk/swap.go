package helpdesk

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/phoneswap"
)

// Swaps ends a user's temporary phone number.
type Swaps interface {
	Active(ctx context.Context, userID string) (phoneswap.Swap, error)
	Start(ctx context.Context, userID, newPhone string, endsAt time.Time, by string) (phoneswap.Swap, error)
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

// checkSwapRunning refuses ending a swap when none runs.
func (s *Service) checkSwapRunning(ctx context.Context, _ Actor, u account.User, _ Request) error {
	if s.Swaps == nil {
		return ErrNotAllowed
	}
	if running, err := (swapRunning{s.Swaps}).Running(ctx, u.ID); err != nil || !running {
		return errors.Join(ErrNotAllowed, err)
	}
	return nil
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

// SwapCodes sends and checks the code that proves a temporary number: the
// helpdesk enters the number the user gives, the user reads out the code
// that arrives on it.
type SwapCodes interface {
	SendSwapCode(ctx context.Context, u account.User, phone, binding string) error
	VerifySwapCode(ctx context.Context, binding, code string) error
}

// swapBinding ties a code to the helpdesk user, the user and the number.
func swapBinding(actorID, userID, phone string) string {
	return "helpdesk-swap:" + actorID + ":" + userID + ":" + phone
}

// SendSwapCode texts a verification code to the temporary number.
func (s *Service) SendSwapCode(ctx context.Context, a Actor, u account.User, phone string) error {
	if s.Codes == nil || s.Swaps == nil {
		return ErrNotAllowed
	}
	return s.Codes.SendSwapCode(ctx, u, phone, swapBinding(a.ID, u.ID, phone))
}

// checkSwapPossible refuses a temporary number for a user without an SMS
// factor or with a swap running.
func (s *Service) checkSwapPossible(ctx context.Context, _ Actor, u account.User, _ Request) error {
	if s.Swaps == nil {
		return ErrNotAllowed
	}
	fs, err := s.Factors.ListFactors(ctx, u.ID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(fs, func(f mfa.Factor) bool { return f.Kind == mfa.KindSMS }) {
		return errors.Join(ErrNotAllowed, phoneswap.ErrNoFactor)
	}
	running, err := (swapRunning{s.Swaps}).Running(ctx, u.ID)
	if err != nil {
		return err
	}
	if running {
		return errors.Join(ErrNotAllowed, phoneswap.ErrActive)
	}
	return nil
}

// checkSwapCode checks the code read out by the user, which proves the
// temporary number when the swap is asked for. An approval does not ask
// again: it starts the swap with the number proven then.
func (s *Service) checkSwapCode(ctx context.Context, a Actor, u account.User, req Request) error {
	if s.Codes == nil || s.Swaps == nil {
		return ErrNotAllowed
	}
	if err := s.Codes.VerifySwapCode(ctx, swapBinding(a.ID, u.ID, req.Phone), req.Code); err != nil {
		return errors.Join(ErrSwapCode, err)
	}
	return nil
}

// startSwap starts the swap to the proven number; the swap service ends the
// sessions and tells the user and both numbers.
func (s *Service) startSwap(ctx context.Context, a Actor, u account.User, req Request) (Result, error) {
	if s.Swaps == nil {
		return Result{}, ErrNotAllowed
	}
	if _, err := s.Swaps.Start(ctx, u.ID, req.Phone, req.Until, a.ID); err != nil {
		if errors.Is(err, phoneswap.ErrActive) || errors.Is(err, phoneswap.ErrNoFactor) || errors.Is(err, phoneswap.ErrInvalid) {
			return Result{}, errors.Join(ErrNotAllowed, err)
		}
		return Result{}, err
	}
	return Result{}, nil
}
