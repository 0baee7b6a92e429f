package invite

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/password"
	"github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
	"github.com/mijnaccount/mijnaccount/storage"
)

// Mount registers the invitation and reset pages.
func (s *Service) Mount(mux *http.ServeMux) {
	mux.Handle("GET /invite/{token}", server.Handle(s.showIdentity))
	mux.Handle("POST /invite/{token}", server.Handle(s.submitIdentity))
	mux.Handle("GET /invite/{token}/password", server.Handle(s.showInvitePassword))
	mux.Handle("POST /invite/{token}/password", server.Handle(s.submitInvitePassword))
	mux.Handle("GET /password/forgot", server.Handle(s.showForgot))
	mux.Handle("POST /password/forgot", server.Handle(s.submitForgot))
	mux.Handle("GET /password/reset/{token}", server.Handle(s.showReset))
	mux.Handle("POST /password/reset/{token}", server.Handle(s.submitReset))
	mux.Handle("GET /email/confirm/{token}", server.Handle(s.showConfirm))
	mux.Handle("POST /email/confirm/{token}", server.Handle(s.submitConfirm))
}

// identityPage asks the invited user to prove who they are.
type identityPage struct {
	Token string
	Email string
	Error string // message id
}

// passwordPage asks for a new password.
type passwordPage struct {
	Action string
	Errors []password.Message
}

const (
	proofCookie = "ma_invite"
	proofTTL    = 15 * time.Minute
)

func (s *Service) invalidLink(w http.ResponseWriter, r *http.Request, body string) error {
	return s.Pages.Render(w, r, http.StatusGone, "message", web.MessagePage{Title: "invite.invalid_title", Body: body})
}

func (s *Service) liveInvitation(r *http.Request) (Token, error) {
	return s.Tokens.Lookup(r.Context(), KindInvitation, r.PathValue("token"))
}

func (s *Service) showIdentity(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.liveInvitation(r); errors.Is(err, ErrInvalid) {
		return s.invalidLink(w, r, "invite.invalid")
	} else if err != nil {
		return server.Unavailable(err)
	}
	return s.Pages.Render(w, r, http.StatusOK, "invite_identity", identityPage{Token: r.PathValue("token")})
}

func (s *Service) submitIdentity(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	tok, err := s.liveInvitation(r)
	if errors.Is(err, ErrInvalid) {
		return s.invalidLink(w, r, "invite.invalid")
	} else if err != nil {
		return server.Unavailable(err)
	}
	user, err := s.Accounts.GetUser(ctx, tok.UserID)
	if err != nil {
		return server.Unavailable(err)
	}
	email := strings.TrimSpace(r.PostFormValue("email"))
	birth, birthOK := ParseBirthDate(r.PostFormValue("birthdate"))
	emailOK := subtle.ConstantTimeCompare([]byte(account.NormalizeEmail(email)), []byte(account.NormalizeEmail(user.Email))) == 1
	// Users invited without a birth date prove themselves by email alone.
	birthMatch := user.BirthDate == "" || (birthOK && subtle.ConstantTimeCompare([]byte(birth), []byte(user.BirthDate)) == 1)
	if !emailOK || !birthMatch {
		voided, err := s.Tokens.Fail(ctx, tok.ID)
		if err != nil {
			return server.Unavailable(err)
		}
		s.record(ctx, audit.Event{Action: "invitation.identity_failed", TargetType: "user", TargetID: user.ID, OrgID: user.OrgID, Outcome: "failure"})
		if voided {
			return s.invalidLink(w, r, "invite.too_many")
		}
		return s.Pages.Render(w, r, http.StatusOK, "invite_identity", identityPage{Token: r.PathValue("token"), Email: email, Error: "invite.mismatch"})
	}
	proof := storage.RandomString(24)
	if err := s.KV.Set(ctx, proofKey(tok.ID), []byte(hashToken(proof)), proofTTL); err != nil {
		return server.Unavailable(err)
	}
	http.SetCookie(w, &http.Cookie{Name: proofCookie, Value: proof, Path: "/invite/", MaxAge: int(proofTTL.Seconds()), HttpOnly: true, Secure: s.Secure, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/invite/"+r.PathValue("token")+"/password", http.StatusSeeOther)
	return nil
}

func proofKey(tokenID string) string { return "invite-proof:" + tokenID }

// provenInvitation returns the live invitation when this browser answered its
// identity questions within the last 15 minutes.
func (s *Service) provenInvitation(r *http.Request) (Token, error) {
	tok, err := s.liveInvitation(r)
	if err != nil {
		return Token{}, err
	}
	c, err := r.Cookie(proofCookie)
	if err != nil {
		return Token{}, ErrInvalid
	}
	want, err := s.KV.Get(r.Context(), proofKey(tok.ID))
	if errors.Is(err, storage.ErrNotFound) {
		return Token{}, ErrInvalid
	}
	if err != nil {
		return Token{}, err
	}
	if subtle.ConstantTimeCompare(want, []byte(hashToken(c.Value))) != 1 {
		return Token{}, ErrInvalid
	}
	return tok, nil
}

func (s *Service) showInvitePassword(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.provenInvitation(r); errors.Is(err, ErrInvalid) {
		http.Redirect(w, r, "/invite/"+r.PathValue("token"), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return server.Unavailable(err)
	}
	return s.Pages.Render(w, r, http.StatusOK, "new_password", passwordPage{Action: r.URL.Path})
}

func (s *Service) submitInvitePassword(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	tok, err := s.provenInvitation(r)
	if errors.Is(err, ErrInvalid) {
		http.Redirect(w, r, "/invite/"+r.PathValue("token"), http.StatusSeeOther)
		return nil
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
		return s.invalidLink(w, r, "invite.invalid")
	} else if err != nil {
		return server.Unavailable(err)
	}
	now := s.Now().UTC()
	if _, err := s.Accounts.UpdateUser(ctx, user.ID, func(u account.User) (account.User, error) {
		u.PasswordHash, u.PasswordChangedAt, u.MustChangePassword = hash, now, false
		if u.Status == account.StatusInvited {
			u.Status = account.StatusActive
		}
		// The invitation was mailed to the address: following it proves it.
		if !u.EmailVerified() {
			u = u.WithEmailVerified(account.EmailByInvitation, now)
		}
		return u, nil
	}); err != nil {
		return server.Unavailable(err)
	}
	_ = s.KV.Delete(ctx, proofKey(tok.ID))
	http.SetCookie(w, &http.Cookie{Name: proofCookie, Value: "", Path: "/invite/", MaxAge: -1, HttpOnly: true, Secure: s.Secure})
	s.record(ctx, audit.Event{ActorID: user.ID, Action: "invitation.accepted", TargetType: "user", TargetID: user.ID, OrgID: org.ID, Outcome: "success"})
	return s.Pages.Render(w, r, http.StatusOK, "message", web.MessagePage{Title: "invite.done_title", Body: "invite.done", Link: "/login", LinkText: "login.title"})
}

// newPassword reads and checks the new password of a form against the
// user's organisation policy and returns its hash when it is acceptable.
func (s *Service) newPassword(r *http.Request, userID string) (account.User, account.Org, []password.Message, string, error) {
	ctx := r.Context()
	user, err := s.Accounts.GetUser(ctx, userID)
	if err != nil {
		return user, account.Org{}, nil, "", server.Unavailable(err)
	}
	org, err := s.Accounts.GetOrg(ctx, user.OrgID)
	if err != nil {
		return user, org, nil, "", server.Unavailable(err)
	}
	pw := r.PostFormValue("new_password")
	if problems := org.CheckNewPassword(user.Email, pw, r.PostFormValue("repeat_password")); len(problems) > 0 {
		return user, org, problems, "", nil
	}
	hash, err := s.Hasher.Hash(pw)
	return user, org, nil, hash, err
}

// ParseBirthDate reads a Dutch dd-mm-jjjj date (also d-m-jjjj) and returns it
// as YYYY-MM-DD.
func ParseBirthDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"02-01-2006", "2-1-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}
