package invite

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
)

// ConfirmationTTL is how long an address confirmation link works.
const ConfirmationTTL = 7 * 24 * time.Hour

// ErrAlreadyVerified is returned when confirming an address that is proven.
var ErrAlreadyVerified = errors.New("invite: the address is already verified")

// SendConfirmation mails user a single-use link that proves the address
// when followed (a new link voids older ones), on behalf of actorID ("" for
// the operator CLI). Users who got a password from the operator instead of
// an invitation have no other proof until they reset their password.
func (s *Service) SendConfirmation(ctx context.Context, actorID string, user account.User) error {
	if user.EmailVerified() {
		return ErrAlreadyVerified
	}
	secret, tok, err := s.Tokens.Create(ctx, KindConfirmation, user.ID, actorID, ConfirmationTTL)
	if err != nil {
		return err
	}
	if err := s.Mail.Send(ctx, user.Email, "email_confirmation", user.Lang, map[string]any{
		"Name": user.Name, "Link": s.Issuer + "/email/confirm/" + secret, "Expires": tok.ExpiresAt,
	}); err != nil {
		return err
	}
	s.record(ctx, audit.Event{ActorID: actorID, Action: "email.confirmation_sent", TargetType: "user", TargetID: user.ID,
		OrgID: user.OrgID, Outcome: audit.OutcomeSuccess})
	return nil
}

// confirmPage asks to confirm the address with a button, so that a mail
// scanner fetching the link changes nothing.
type confirmPage struct {
	Action string
}

func (s *Service) showConfirm(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.Tokens.Lookup(r.Context(), KindConfirmation, r.PathValue("token")); errors.Is(err, ErrInvalid) {
		return s.invalidLink(w, r, "confirm.invalid")
	} else if err != nil {
		return server.Unavailable(err)
	}
	return s.Pages.Render(w, r, http.StatusOK, "confirm_email", confirmPage{Action: r.URL.Path})
}

// submitConfirm uses the link and records the address as proven.
func (s *Service) submitConfirm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	tok, err := s.Tokens.Lookup(ctx, KindConfirmation, r.PathValue("token"))
	if errors.Is(err, ErrInvalid) {
		return s.invalidLink(w, r, "confirm.invalid")
	} else if err != nil {
		return server.Unavailable(err)
	}
	if err := s.Tokens.Use(ctx, tok.ID); errors.Is(err, ErrInvalid) {
		return s.invalidLink(w, r, "confirm.invalid")
	} else if err != nil {
		return server.Unavailable(err)
	}
	now := s.Now().UTC()
	user, err := s.Accounts.UpdateUser(ctx, tok.UserID, func(u account.User) (account.User, error) {
		if !u.EmailVerified() {
			u = u.WithEmailVerified(account.EmailByConfirmation, now)
		}
		return u, nil
	})
	if err != nil {
		return server.Unavailable(err)
	}
	s.record(ctx, audit.Event{ActorID: user.ID, Action: "email.verified", TargetType: "user", TargetID: user.ID,
		OrgID: user.OrgID, Outcome: audit.OutcomeSuccess})
	return s.Pages.Render(w, r, http.StatusOK, "message", web.MessagePage{Title: "confirm.done_title", Body: "confirm.done",
		Link: "/login", LinkText: "login.title"})
}
