package invite

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/login"
	"github.com/mijnaccount/mijnaccount/account/password"
	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/ratelimit"
	"github.com/mijnaccount/mijnaccount/storage"
)

// Accounts is what invitations and resets need from the account store.
type Accounts interface {
	GetUser(ctx context.Context, id string) (account.User, error)
	GetUserByEmail(ctx context.Context, email string) (account.User, error)
	GetOrg(ctx context.Context, id string) (account.Org, error)
	UpdateUser(ctx context.Context, id string, fn func(account.User) (account.User, error)) (account.User, error)
}

// Service creates links and serves their pages.
type Service struct {
	Accounts Accounts
	Tokens   *Tokens
	KV       storage.KV
	Limiter  *ratelimit.Limiter
	Hasher   *password.Hasher
	Sessions *session.Manager
	// Devices, when set, gives the browser that completes a password reset
	// a device cookie: it proved the mailbox, so failures elsewhere must not
	// keep it out (OWASP device cookies: issue one for a valid reset link).
	Devices       *login.Devices
	Mail          web.Mailer
	Pages         web.Renderer
	Audit         web.Auditor
	Log           *slog.Logger
	Issuer        string // base URL for links
	InvitationTTL time.Duration
	ResetTTL      time.Duration
	Secure        bool
	Now           func() time.Time
}

// ErrNotInvited is returned when inviting a user who is already active or blocked.
var ErrNotInvited = errors.New("invite: only users with status invited can be sent an invitation")

// Invite sends user an invitation link (a new one voids older ones) on
// behalf of actorID ("" for the operator CLI).
func (s *Service) Invite(ctx context.Context, actorID string, user account.User) error {
	if user.Status != account.StatusInvited {
		return ErrNotInvited
	}
	org, err := s.Accounts.GetOrg(ctx, user.OrgID)
	if err != nil {
		return err
	}
	secret, tok, err := s.Tokens.Create(ctx, KindInvitation, user.ID, actorID, s.InvitationTTL)
	if err != nil {
		return err
	}
	if err := s.Mail.Send(ctx, user.Email, "invitation", user.Lang, map[string]any{
		"Name": user.Name, "OrgName": org.Name, "Link": s.Issuer + "/invite/" + secret, "Expires": tok.ExpiresAt,
	}); err != nil {
		return err
	}
	s.record(ctx, audit.Event{ActorID: actorID, Action: "invitation.sent", TargetType: "user", TargetID: user.ID, OrgID: user.OrgID, Outcome: "success"})
	return nil
}

func (s *Service) record(ctx context.Context, e audit.Event) { web.Record(ctx, s.Audit, s.Log, e) }
