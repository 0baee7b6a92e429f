package invite

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/ratelimit"
	"github.com/mijnaccount/mijnaccount/server"
)

// Limits on reset requests, so the form cannot be used to flood a mailbox.
var (
	resetPerEmail = ratelimit.Rule{Name: "reset-email", Max: 3, Window: time.Hour}
	resetPerIP    = ratelimit.Rule{Name: "reset-ip", Max: 20, Window: time.Hour}
)

// forgotPage asks for the email address.
type forgotPage struct {
	Email string
}

func (s *Service) showForgot(w http.ResponseWriter, r *http.Request) error {
	return s.Pages.Render(w, r, http.StatusOK, "forgot_password", forgotPage{})
}

// submitForgot always answers the same page, whether or not the address is
// known, and sends the mail after answering so the response time tells
// nothing either.
func (s *Service) submitForgot(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	email := strings.TrimSpace(r.PostFormValue("email"))
	if email == "" || len(email) > 254 {
		return s.Pages.Render(w, r, http.StatusUnprocessableEntity, "forgot_password", forgotPage{Email: email})
	}
	ip := server.ClientIPFrom(ctx).String()
	byIP, err := s.Limiter.Hit(ctx, resetPerIP, ip)
	if err != nil {
		return server.Unavailable(err)
	}
	byEmail, err := s.Limiter.Hit(ctx, resetPerEmail, account.NormalizeEmail(email))
	if err != nil {
		return server.Unavailable(err)
	}
	if !byIP.Allowed {
		return server.TooManyRequests(byIP.RetryAfter)
	}
	if byEmail.Allowed {
		go s.sendReset(context.WithoutCancel(ctx), email)
	}
	return s.Pages.Render(w, r, http.StatusOK, "message", web.MessagePage{Title: "reset.title", Body: "reset.sent"})
}

// sendReset mails a reset link when the address belongs to an active user.
func (s *Service) sendReset(ctx context.Context, email string) {
	user, err := s.Accounts.GetUserByEmail(ctx, email)
	if err != nil {
		if !errors.Is(err, account.ErrNotFound) {
			s.Log.Error("password reset lookup failed", "err", err)
		}
		return
	}
	if user.Status != account.StatusActive || user.PermanentlyLocked {
		return
	}
	secret, tok, err := s.Tokens.Create(ctx, KindReset, user.ID, user.ID, s.ResetTTL)
	if err != nil {
		s.Log.Error("password reset link not created", "err", err)
		return
	}
	if err := s.Mail.Send(ctx, user.Email, "password_reset", user.Lang, map[string]any{
		"Name": user.Name, "Link": s.Issuer + "/password/reset/" + secret, "Expires": tok.ExpiresAt,
	}); err != nil {
		s.Log.Error("password reset mail not sent", "user", user.ID, "err", err)
		return
	}
	s.record(ctx, audit.Event{ActorID: user.ID, Action: "password.reset_requested", TargetType: "user", TargetID: user.ID, OrgID: user.OrgID, Outcome: "success"})
}

func (s *Service) showReset(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.Tokens.Lookup(r.Context(), KindReset, r.PathValue("token")); errors.Is(err, ErrInvalid) {
		return s.invalidLink(w, r, "reset.invalid")
	} else if err != nil {
		return server.Unavailable(err)
	}
	return s.Pages.Render(w, r, http.StatusOK, "new_password", passwordPage{Action: r.URL.Path})
}

// submitReset sets the new password, lifts a temporary lock (not a permanent
// one: that is the helpdesk's) and a password closed to untrusted browsers,
// ends every session of the user and tells them by mail. The browser gets a
// device cookie, so an attack that keeps the address locked does not keep
// it out. The next login still asks for the second factor.
func (s *Service) submitReset(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	tok, err := s.Tokens.Lookup(ctx, KindReset, r.PathValue("token"))
	if errors.Is(err, ErrInvalid) {
		return s.invalidLink(w, r, "reset.invalid")
	} else if err != nil {
		return server.Unavailable(err)
	}
	user, org, problems, hash, err := s.newPassword(r, tok.UserID)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return s.Pages.Render(w, r, http.StatusUnprocessableEntity, "new_password", passwordPage{Action: r.URL.Path, Errors: problems})
	}
	if err := s.Tokens.Use(ctx, tok.ID); errors.Is(err, ErrInvalid) {
		return s.invalidLink(w, r, "reset.invalid")
	} else if err != nil {
		return server.Unavailable(err)
	}
	now := s.Now().UTC()
	if _, err := s.Accounts.UpdateUser(ctx, user.ID, func(u account.User) (account.User, error) {
		u.PasswordHash, u.PasswordChangedAt, u.MustChangePassword = hash, now, false
		u.FailedLogins, u.LockedUntil = 0, time.Time{}
		// The reset link was mailed to the address: following it proves it.
		if !u.EmailVerified() {
			u = u.WithEmailVerified(account.EmailByReset, now)
		}
		return u, nil
	}); err != nil {
		return server.Unavailable(err)
	}
	if _, err := s.Sessions.RevokeAll(ctx, user.ID, ""); err != nil {
		return server.Unavailable(err)
	}
	if err := s.Mail.Send(ctx, user.Email, "password_changed", user.Lang, map[string]any{"Name": user.Name}); err != nil {
		s.Log.Error("password changed mail not sent", "user", user.ID, "err", err)
	}
	s.record(ctx, audit.Event{ActorID: user.ID, Action: "password.reset", TargetType: "user", TargetID: user.ID, OrgID: org.ID, Outcome: "success"})
	s.Devices.Issue(w, user.ID)
	return s.Pages.Render(w, r, http.StatusOK, "message", web.MessagePage{Title: "reset.done_title", Body: "reset.done", Link: "/login", LinkText: "login.title"})
}
