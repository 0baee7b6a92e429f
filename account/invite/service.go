package invite

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/password"
	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/ratelimit"
	"github.com/mijnaccount/mijnaccount/storage"
)

// Mailer sends a templated mail in the recipient's language.
type Mailer interface {
	Send(ctx context.Context, to, template, lang string, data map[string]any) error
}

// Renderer renders a page of the site layout.
type Renderer interface {
	Render(w http.ResponseWriter, r *http.Request, status int, page string, data any) error
}

// Auditor records audit events.
type Auditor interface {
	Record(ctx context.Context, e audit.Event) error
}

// Accounts is what invitations and resets need from the account store.
type Accounts interface {
	GetUser(ctx context.Context, id string) (account.User, error)
	GetUserByEmail(ctx context.Context, email string) (account.User, error)
	GetOrg(ctx context.Context, id string) (account.Org, error)
	UpdateUser(ctx context.Context, id string, fn func(account.User) (account.User, error)) (account.User, error)
}

// Service creates links and serves their pages.
type Service struct {
	Accounts      Accounts
	Tokens        *Tokens
	KV            storage.KV
	Limiter       *ratelimit.Limiter
	Hasher        *password.Hasher
	Sessions      *session.Manager
	Mail          Mailer
	Pages         Renderer
	Audit         Auditor
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

func (s *Service) record(ctx context.Context, e audit.Event) {
	if err := s.Audit.Record(ctx, e); err != nil {
		s.Log.Error("audit event not recorded", "action", e.Action, "err", err)
	}
}
