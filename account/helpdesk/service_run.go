package helpdesk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/mfa"
)

// resetFactors removes every factor and the recovery code and ends every
// session: the next login goes through the enrolment wizard and hands out a
// new recovery code.
func (s *Service) resetFactors(ctx context.Context, _ Actor, u account.User, _ Request) (Result, error) {
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

// liveRequest loads the live request id and checks that it is about u.
func (s *Service) liveRequest(ctx context.Context, u account.User, id string) (Record, error) {
	if id == "" {
		return Record{}, ErrNoRequest
	}
	rec, err := s.Store.Live(ctx, id, s.ttl())
	if err != nil {
		return Record{}, err
	}
	if rec.UserID != u.ID || !specs[rec.Action].fourEyes {
		return Record{}, ErrNoRequest
	}
	return rec, nil
}

// approve carries out another's request, with the parameters fixed when it
// was asked for: the approver confirms, and changes nothing. Only a helpdesk
// user approves, never the one who asked. The caller has checked that the
// user lies in the approver's scope.
func (s *Service) approve(ctx context.Context, a Actor, u account.User, req Request) (Result, error) {
	if !a.Helpdesk {
		return Result{}, ErrNotAllowed
	}
	rec := req.live
	if rec.ActorID == a.ID {
		return Result{}, ErrOwnRequest
	}
	target := specs[rec.Action]
	asked := Request{Action: rec.Action, UserID: u.ID, FactorID: rec.FactorID, Phone: rec.Phone, Until: rec.Until,
		Reason: rec.Reason, Ticket: rec.Ticket}
	// What can no longer be done is refused with the request left open, for
	// the helpdesk to reject.
	if target.check != nil {
		if err := target.check(s, ctx, a, u, asked); err != nil {
			return Result{}, err
		}
	}
	if err := s.Store.Decide(ctx, rec.ID, a.ID, StatusApproved, s.ttl()); err != nil {
		return Result{}, err
	}
	res, err := target.run(s, ctx, a, u, asked)
	if err != nil {
		return res, err
	}
	// The action itself, under the request's ticket; the approval follows
	// under the approver's.
	err = s.Audit.Record(ctx, audit.Event{ActorID: a.ID, Action: target.audit, TargetType: "user",
		TargetID: u.ID, OrgID: u.OrgID, Outcome: audit.OutcomeSuccess, Reason: rec.Ticket})
	return res, notRecorded(err)
}

// reject turns a request down: the helpdesk, or the requester withdrawing
// their own.
func (s *Service) reject(ctx context.Context, a Actor, _ account.User, req Request) (Result, error) {
	if !a.Helpdesk && req.live.ActorID != a.ID {
		return Result{}, ErrNotAllowed
	}
	return Result{}, s.Store.Decide(ctx, req.live.ID, a.ID, StatusRejected, s.ttl())
}

// checkRemovable refuses, when it is asked for, removing a factor the user
// does not have or their last one (that is a reset).
func (s *Service) checkRemovable(ctx context.Context, _ Actor, u account.User, req Request) error {
	fs, err := s.Factors.ListFactors(ctx, u.ID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(fs, func(f mfa.Factor) bool { return f.ID == req.FactorID }) {
		return mfa.ErrNotFound
	}
	if len(fs) == 1 {
		return mfa.ErrLastFactor
	}
	return nil
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

// PendingFor returns the user's live requests, oldest first.
func (s *Service) PendingFor(ctx context.Context, userID string) ([]Record, error) {
	return s.Store.PendingFor(ctx, userID, s.ttl())
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
