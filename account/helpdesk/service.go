package helpdesk

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/invite"
	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/mfa"
)

// DefaultPendingTTL is how long a four-eyes request waits for a decision.
const DefaultPendingTTL = 72 * time.Hour

// Accounts is what the helpdesk needs from the account store.
type Accounts interface {
	GetUser(ctx context.Context, id string) (account.User, error)
	GetUserByEmail(ctx context.Context, email string) (account.User, error)
	GetOrg(ctx context.Context, id string) (account.Org, error)
	UpdateUser(ctx context.Context, id string, fn func(account.User) (account.User, error)) (account.User, error)
	Descendants(ctx context.Context, orgID string) ([]string, error)
}

// Factors is what the helpdesk needs from the factor store.
type Factors interface {
	ListFactors(ctx context.Context, userID string) ([]mfa.Factor, error)
	DeleteFactor(ctx context.Context, userID, id string) error
	DeleteAllFactors(ctx context.Context, userID string) (int, error)
	HasRecoveryCode(ctx context.Context, userID string) (bool, error)
}

// Sessions lists and ends a user's sessions; ending one tells the relying
// parties through back-channel logout.
type Sessions interface {
	List(ctx context.Context, userID string) ([]session.Session, error)
	RevokeAll(ctx context.Context, userID, except string) (int, error)
}

// Invites sends invitation and password reset links.
type Invites interface {
	Invite(ctx context.Context, actorID string, user account.User) error
	SendReset(ctx context.Context, actorID string, user account.User) error
}

// Throttle forgets the failed logins counted for an email address
// (login.Throttle).
type Throttle interface {
	Success(ctx context.Context, email string) error
}

// Service carries out helpdesk actions. It does not check scope: the pages
// and the command line do that before calling it.
type Service struct {
	Accounts Accounts
	Factors  Factors
	Sessions Sessions
	Invites  Invites
	Throttle Throttle  // optional
	Swaps    Swaps     // optional: temporary phone numbers
	Codes    SwapCodes // with Swaps: codes that verify a temporary number
	// PhonePrefixes are the country codes a temporary number may have.
	PhonePrefixes []string
	Store         *Store
	Mail          web.Mailer
	Audit         web.Auditor
	Log           *slog.Logger
	Now           func() time.Time
	// PendingTTL bounds how long a four-eyes request waits; DefaultPendingTTL when 0.
	PendingTTL time.Duration
}

func (s *Service) ttl() time.Duration {
	if s.PendingTTL > 0 {
		return s.PendingTTL
	}
	return DefaultPendingTTL
}

// Do carries out req for actor: it checks the input, refuses acting on the
// actor's own account, runs the action, stores it with its reason, records
// the audit event and mails the user. An action that removes, replaces or
// redirects a factor of a user whose organisation demands four eyes is only
// stored as a request (Result.Pending). An error after the action was
// carried out (storing the reason, auditing) is returned too, with the
// Result.
func (s *Service) Do(ctx context.Context, a Actor, req Request) (Result, error) {
	sp, ok := specs[req.Action]
	if !ok {
		return Result{}, ErrUnknownAction
	}
	var err error
	if req.Reason, req.Ticket, err = CheckInput(req.Reason, req.Ticket); err != nil {
		return Result{}, err
	}
	u, err := s.Accounts.GetUser(ctx, req.UserID)
	if err != nil {
		return Result{}, err
	}
	auditAction, mailEvent := sp.audit, sp.mail
	if sp.withRequest {
		if req.live, err = s.liveRequest(ctx, u, req.RequestID); err != nil {
			return Result{}, err
		}
		auditAction, mailEvent = decisionNames(req.Action, req.live.Action)
	}
	if a.ID == u.ID {
		s.event(ctx, a, u, auditAction, req.Ticket, audit.OutcomeDenied)
		return Result{}, ErrSelf
	}
	for _, check := range []func(*Service, context.Context, Actor, account.User, Request) error{sp.check, sp.proof} {
		if check == nil {
			continue
		}
		if err := check(s, ctx, a, u, req); err != nil {
			return Result{}, s.refused(ctx, a, u, auditAction, req.Ticket, err)
		}
	}
	if sp.fourEyes {
		org, err := s.Accounts.GetOrg(ctx, u.OrgID)
		if err != nil {
			return Result{}, err
		}
		if org.FourEyesFactorReset {
			return s.ask(ctx, a, u, req, sp)
		}
	}
	res, err := sp.run(s, ctx, a, u, req)
	var runRecErr error // the action was carried out but not fully recorded
	if errors.Is(err, ErrNotRecorded) {
		runRecErr, err = err, nil
	}
	if err != nil {
		return res, s.refused(ctx, a, u, auditAction, req.Ticket, err)
	}
	_, storeErr := s.Store.Add(ctx, Record{ActorID: a.ID, UserID: u.ID, OrgID: u.OrgID, Action: req.Action,
		FactorID: req.FactorID, RequestID: req.RequestID, Reason: req.Reason, Ticket: req.Ticket, Status: StatusDone})
	if storeErr != nil {
		s.Log.Error("helpdesk reason not stored", "action", string(req.Action), "user", u.ID, "err", storeErr)
	}
	return res, errors.Join(runRecErr, notRecorded(storeErr), notRecorded(s.after(ctx, a, u, req.Ticket, auditAction, mailEvent)))
}

// ask stores req as a four-eyes request with what it asks for (the factor,
// the temporary number and its end), audits it and mails the user. Nothing
// else changes until another helpdesk user approves it.
func (s *Service) ask(ctx context.Context, a Actor, u account.User, req Request, sp spec) (Result, error) {
	requested := sp.audit + "_requested"
	rec, err := s.Store.Request(ctx, Record{ActorID: a.ID, UserID: u.ID, OrgID: u.OrgID, Action: req.Action,
		FactorID: req.FactorID, Phone: req.Phone, Until: req.Until, Reason: req.Reason, Ticket: req.Ticket}, s.ttl())
	if err != nil {
		return Result{}, s.refused(ctx, a, u, requested, req.Ticket, err)
	}
	res := Result{Pending: true, RequestID: rec.ID}
	return res, notRecorded(s.after(ctx, a, u, req.Ticket, requested, sp.requestMail+"_requested"))
}

// refused audits an action that did not happen — denied by rule, or failed
// — and returns err. Refusals the actor can act on (bad input, wrong state)
// are not audited.
func (s *Service) refused(ctx context.Context, a Actor, u account.User, auditAction, ticket string, err error) error {
	switch {
	case errors.Is(err, ErrNotAllowed), errors.Is(err, ErrOwnRequest):
		s.event(ctx, a, u, auditAction, ticket, audit.OutcomeDenied)
	case !refusal(err):
		s.event(ctx, a, u, auditAction, ticket, audit.OutcomeFailure)
	}
	return err
}

// ErrNotRecorded marks an error that came after the action was carried out:
// storing the reason or recording the audit event failed.
var ErrNotRecorded = errors.New("helpdesk: carried out, but not fully recorded")

func notRecorded(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w: %w", ErrNotRecorded, err)
}

// refusal reports errors that mean "nothing was done, for a reason the
// actor can act on" rather than a failure.
func refusal(err error) bool {
	for _, target := range []error{ErrInvalidInput, ErrSelf, ErrAlreadyPending, ErrNoRequest, mfa.ErrLastFactor,
		mfa.ErrNotFound, invite.ErrNotInvited, invite.ErrNotActive, account.ErrNotFound} {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

// after records the audit event of a completed action and mails the user
// (mailEvent "" sends nothing). A mail failure is logged; an audit failure
// is returned.
func (s *Service) after(ctx context.Context, a Actor, u account.User, ticket, action, mailEvent string) error {
	err := s.Audit.Record(ctx, audit.Event{ActorID: a.ID, Action: action, TargetType: "user", TargetID: u.ID,
		OrgID: u.OrgID, Outcome: audit.OutcomeSuccess, Reason: ticket})
	if mailEvent != "" {
		who := "helpdesk"
		if !a.Helpdesk {
			who = "admin"
		}
		data := map[string]any{"Name": u.Name, "Event": mailEvent, "At": s.Now(), "Actor": who}
		if mailErr := s.Mail.Send(ctx, u.Email, "helpdesk_action", u.Lang, data); mailErr != nil {
			s.Log.Error("helpdesk notice not sent", "user", u.ID, "event", mailEvent, "err", mailErr)
		}
	}
	return err
}

// event records an audit event that does not go with a completed action.
func (s *Service) event(ctx context.Context, a Actor, u account.User, action, ticket string, outcome audit.Outcome) {
	web.Record(ctx, s.Audit, s.Log, audit.Event{ActorID: a.ID, Action: action, TargetType: "user", TargetID: u.ID,
		OrgID: u.OrgID, Outcome: outcome, Reason: ticket})
}
