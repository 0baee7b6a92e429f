package helpdesk

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/audit"
)

// resetFactors removes every factor and the recovery code and ends every
// session: the next login goes through the enrolment wizard and hands out a
// new recovery code. When the user's organisation demands four eyes, it only
// stores a request.
func (s *Service) resetFactors(ctx context.Context, a Actor, u account.User, req Request) (Result, error) {
	org, err := s.Accounts.GetOrg(ctx, u.OrgID)
	if err != nil {
		return Result{}, err
	}
	if org.FourEyesFactorReset {
		rec, err := s.Store.Request(ctx, Record{ActorID: a.ID, UserID: u.ID, OrgID: u.OrgID, Action: ResetFactors,
			Reason: req.Reason, Ticket: req.Ticket}, s.ttl())
		if err != nil {
			return Result{}, err
		}
		return Result{Pending: true, RequestID: rec.ID}, nil
	}
	return s.wipe(ctx, u)
}

func (s *Service) wipe(ctx context.Context, u account.User) (Result, error) {
	n, err := s.Factors.DeleteAllFactors(ctx, u.ID)
	if err != nil {
		return Result{}, fmt.Errorf("helpdesk: remove factors: %w", err)
	}
	ended, err := s.Sessions.RevokeAll(ctx, u.ID, "")
	if err != nil {
		return Result{FactorsRemoved: n}, fmt.Errorf("helpdesk: end sessions: %w", err)
	}
	return Result{FactorsRemoved: n, SessionsEnded: ended}, nil
}

// decidable loads the live request req.RequestID and checks that it is a
// factor reset of u.
func (s *Service) decidable(ctx context.Context, u account.User, req Request) (Record, error) {
	rec, err := s.Store.Pending(ctx, u.ID, ResetFactors, s.ttl())
	if err != nil {
		return Record{}, err
	}
	if rec.ID != req.RequestID {
		return Record{}, ErrNoRequest
	}
	return rec, nil
}

// approveReset carries out another's factor reset request.
func (s *Service) approveReset(ctx context.Context, a Actor, u account.User, req Request) (Result, error) {
	if !a.Helpdesk {
		return Result{}, ErrNotAllowed
	}
	rec, err := s.decidable(ctx, u, req)
	if err != nil {
		return Result{}, err
	}
	if rec.ActorID == a.ID {
		return Result{}, ErrOwnRequest
	}
	if err := s.Store.Decide(ctx, rec.ID, a.ID, StatusApproved, s.ttl()); err != nil {
		return Result{}, err
	}
	res, err := s.wipe(ctx, u)
	if err != nil {
		return res, err
	}
	// The reset itself, under the request's ticket; the approval follows
	// under the approver's.
	err = s.Audit.Record(ctx, audit.Event{ActorID: a.ID, Action: "helpdesk.factors_reset", TargetType: "user",
		TargetID: u.ID, OrgID: u.OrgID, Outcome: audit.OutcomeSuccess, Reason: rec.Ticket})
	return res, notRecorded(err)
}

// rejectReset turns a request down: the helpdesk, or the requester
// withdrawing their own.
func (s *Service) rejectReset(ctx context.Context, a Actor, u account.User, req Request) (Result, error) {
	rec, err := s.decidable(ctx, u, req)
	if err != nil {
		return Result{}, err
	}
	if !a.Helpdesk && rec.ActorID != a.ID {
		return Result{}, ErrNotAllowed
	}
	return Result{}, s.Store.Decide(ctx, rec.ID, a.ID, StatusRejected, s.ttl())
}

func (s *Service) removeFactor(ctx context.Context, _ Actor, u account.User, req Request) (Result, error) {
	if err := s.Factors.DeleteFactor(ctx, u.ID, req.FactorID); err != nil {
		return Result{}, err
	}
	return Result{FactorsRemoved: 1}, nil
}

// unlock lifts the temporary and the permanent lock and forgets the failed
// logins counted for the address. It does not unblock a blocked user.
func (s *Service) unlock(ctx context.Context, _ Actor, u account.User, _ Request) (Result, error) {
	_, err := s.Accounts.UpdateUser(ctx, u.ID, func(x account.User) (account.User, error) {
		x.FailedLogins, x.FactorFailures, x.LockedUntil, x.PermanentlyLocked = 0, 0, time.Time{}, false
		return x, nil
	})
	if err != nil {
		return Result{}, err
	}
	if s.Throttle != nil {
		if err := s.Throttle.Success(ctx, u.Email); err != nil {
			return Result{}, fmt.Errorf("helpdesk: reset login throttle: %w", err)
		}
	}
	return Result{}, nil
}

func (s *Service) revokeSessions(ctx context.Context, _ Actor, u account.User, _ Request) (Result, error) {
	n, err := s.Sessions.RevokeAll(ctx, u.ID, "")
	return Result{SessionsEnded: n}, err
}

func (s *Service) resendInvitation(ctx context.Context, a Actor, u account.User, _ Request) (Result, error) {
	return Result{}, s.Invites.Invite(ctx, a.ID, u)
}

func (s *Service) passwordReset(ctx context.Context, a Actor, u account.User, _ Request) (Result, error) {
	return Result{}, s.Invites.SendReset(ctx, a.ID, u)
}

// PendingReset returns the user's live factor reset request, or ErrNoRequest.
func (s *Service) PendingReset(ctx context.Context, userID string) (Record, error) {
	return s.Store.Pending(ctx, userID, ResetFactors, s.ttl())
}

// ListPending returns every live request, oldest first.
func (s *Service) ListPending(ctx context.Context) ([]Record, error) {
	return s.Store.ListPending(ctx, s.ttl())
}

// IsRefusal reports whether err from Do means the action was refused (bad
// input, wrong state, not allowed) rather than failed.
func IsRefusal(err error) bool {
	return refusal(err) || errors.Is(err, ErrNotAllowed) || errors.Is(err, ErrOwnRequest) || errors.Is(err, ErrUnknownAction)
}
