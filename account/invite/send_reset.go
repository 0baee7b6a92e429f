package invite

import (
	"context"
	"errors"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/audit"
)

// ErrNotActive is returned when a password reset link is asked for a user
// who is not active, or who is locked permanently (a reset would not lift
// that lock).
var ErrNotActive = errors.New("invite: a password reset link goes only to an active user who is not locked permanently")

// SendReset mails user a password reset link (a newer link voids older ones)
// on behalf of actorID: the helpdesk or an org admin acting for the user.
// Unlike the "forgot password" page it answers with an error when no link can
// be sent.
func (s *Service) SendReset(ctx context.Context, actorID string, user account.User) error {
	if user.Status != account.StatusActive || user.PermanentlyLocked {
		return ErrNotActive
	}
	secret, tok, err := s.Tokens.Create(ctx, KindReset, user.ID, actorID, s.ResetTTL)
	if err != nil {
		return err
	}
	if err := s.Mail.Send(ctx, user.Email, "password_reset", user.Lang, map[string]any{
		"Name": user.Name, "Link": s.Issuer + "/password/reset/" + secret, "Expires": tok.ExpiresAt,
	}); err != nil {
		return err
	}
	s.record(ctx, audit.Event{ActorID: actorID, Action: "password.reset_requested", TargetType: "user", TargetID: user.ID, OrgID: user.OrgID, Outcome: audit.OutcomeSuccess})
	return nil
}
