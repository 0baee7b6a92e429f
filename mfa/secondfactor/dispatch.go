package secondfactor

import (
	"errors"
	"net/http"

	"github.com/mijnaccount/mijnaccount/account/login"
	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/server"
	"github.com/mijnaccount/mijnaccount/templates"
)

// ACR is the assurance level of a session with a verified second factor.
const ACR = "aal2"

// Begin implements login.SecondFactor: the password is verified (or, for a
// flow inside a live session, the session is), now the factor step starts.
func (h *Handler) Begin(w http.ResponseWriter, r *http.Request, fl login.Flow) error {
	s, err := h.load(r, fl)
	if err != nil {
		return err
	}
	if s == nil {
		return h.end(w, r, fl, "login.failed")
	}
	return h.dispatch(w, r, s)
}

// dispatch sends the browser to the page the flow needs next.
func (h *Handler) dispatch(w http.ResponseWriter, r *http.Request, s *step) error {
	switch {
	case s.st.Verified != "":
		return h.afterVerified(w, r, s)
	case s.fl.Mode == login.ModeAddFactor:
		return redirect(w, r, s, "/login/enrol")
	case s.fl.Mode == login.ModePhoneChange, s.fl.Mode == login.ModePhoneSwap:
		return redirect(w, r, s, "/login/enrol/sms")
	case s.fl.Mode == login.ModeRecoveryCode:
		return redirect(w, r, s, "/login/enrol/recovery")
	case s.mustEnrol():
		return redirect(w, r, s, "/login/enrol")
	case len(s.challenge) == 0:
		return h.noProvableFactor(w, r, s)
	}
	kind := s.challenge[0].Kind
	if kind == mfa.KindSMS && r.Method == http.MethodPost {
		// Straight after the password: send the code without another click.
		return h.sendLoginCode(w, r, s)
	}
	return redirect(w, r, s, challengePath(kind))
}

// mustEnrol reports whether a login flow has to go through the wizard: the
// user has no factor at all (first login after an invitation or a helpdesk
// reset; checked on every request, so a flow begun before the user enrolled
// elsewhere does not keep the wizard open), or proved in this flow a factor
// they hold that is no longer allowed, or used the recovery code.
//
// A user who holds factors, none of which the organisation or this server
// allows any more, does not get the wizard after the password alone: binding
// a new authenticator needs authentication at the level it will be used at
// (AAL2) or account recovery. NIST SP 800-63B §6.1.2.1 ("Before adding the
// new authenticator, the CSP SHALL first require the subscriber to
// authenticate at the AAL ... at which the new authenticator will be used")
// and §6.1.2.3 (replacement of a lost authenticator),
// https://pages.nist.gov/800-63-3/sp800-63b.html#sec6. Such a user proves a
// held factor first (step.proofOnly), or uses the recovery code.
func (s *step) mustEnrol() bool {
	return s.fl.Mode == login.ModeLogin && s.st.Verified == "" && (len(s.factors) == 0 || s.st.Proven || s.st.Recovered)
}

// passed moves a flow on after the challenge of factor f was answered with
// method amr. A factor the organisation or server no longer allows only
// opens the wizard: the login ends on a newly enrolled, allowed factor.
func (h *Handler) passed(w http.ResponseWriter, r *http.Request, s *step, f mfa.Factor, amr string) error {
	if !s.proofOnly {
		return h.verified(w, r, s, amr)
	}
	h.record(r.Context(), audit.Event{ActorID: s.user.ID, Action: "mfa.factor.disallowed_proven", TargetType: "factor",
		TargetID: f.ID, OrgID: s.org.ID, Outcome: audit.OutcomeSuccess, Reason: f.Kind})
	s.st.Proven, s.st.Failures = true, 0
	if err := h.save(r, s); err != nil {
		return err
	}
	return redirect(w, r, s, "/login/enrol")
}

// noProvableFactor answers a flow whose user holds no factor that can be
// asked for here: in a login, the recovery code if the user has one (the
// page says why), otherwise a page that sends the user to the helpdesk of
// their organisation. Only reached after the right password, so it tells
// nothing to someone guessing addresses.
func (h *Handler) noProvableFactor(w http.ResponseWriter, r *http.Request, s *step) error {
	ctx := r.Context()
	if s.fl.Mode != login.ModeLogin {
		return h.end(w, r, s.fl, "mfa.none_usable.reauth")
	}
	has, err := h.Factors.HasRecoveryCode(ctx, s.user.ID)
	if err != nil {
		return server.Unavailable(err)
	}
	if has {
		return redirect(w, r, s, "/login/factor/recovery")
	}
	h.record(ctx, audit.Event{ActorID: s.user.ID, Action: "mfa.factor.none_provable", TargetType: "user",
		TargetID: s.user.ID, OrgID: s.org.ID, Outcome: audit.OutcomeDenied})
	return h.end(w, r, s.fl, "mfa.none_usable.helpdesk")
}

// challengePath is the page that asks for a factor of kind.
func challengePath(kind string) string {
	switch kind {
	case mfa.KindSMS:
		return "/login/factor/sms"
	case mfa.KindWebAuthn:
		return "/login/factor/key"
	}
	return "/login/factor/totp"
}

// verified records that the factor with method amr was proven in this flow
// and moves on.
func (h *Handler) verified(w http.ResponseWriter, r *http.Request, s *step, amr string) error {
	s.st.Verified, s.st.Failures = amr, 0
	if err := h.save(r, s); err != nil {
		return err
	}
	return h.afterVerified(w, r, s)
}

// afterVerified finishes a flow whose factor is done: a login may still need
// to hand out a recovery code, then starts the session; a re-authentication
// refreshes the live session; an added factor returns to the portal.
func (h *Handler) afterVerified(w http.ResponseWriter, r *http.Request, s *step) error {
	ctx := r.Context()
	switch s.fl.Mode {
	case login.ModeReauth:
		if _, err := h.Sessions.Update(ctx, s.fl.SessionHandle, func(ss *session.Session) {
			ss.AuthTime, ss.ACR = h.Now().UTC(), ACR
		}); err != nil {
			if errors.Is(err, session.ErrNoSession) {
				return h.end(w, r, s.fl, "login.expired")
			}
			return server.Unavailable(err)
		}
		h.record(ctx, audit.Event{ActorID: s.user.ID, Action: "session.reauthenticated", TargetType: "session",
			TargetID: s.fl.SessionHandle, OrgID: s.org.ID, Outcome: "success"})
		return h.finish(w, r, s, "")
	case login.ModeLogin, login.ModeAddFactor:
		has, err := h.Factors.HasRecoveryCode(ctx, s.user.ID)
		if err != nil {
			return server.Unavailable(err)
		}
		if !has || s.st.Recovered {
			return redirect(w, r, s, "/login/enrol/recovery")
		}
		if s.fl.Mode == login.ModeAddFactor {
			return h.finish(w, r, s, "mfa.notice.added")
		}
		return h.complete(w, r, s)
	}
	return h.finish(w, r, s, "")
}

// complete ends a login flow with a new session.
func (h *Handler) complete(w http.ResponseWriter, r *http.Request, s *step) error {
	method := s.st.Verified
	if s.st.Recovered {
		method = mfa.AMRRecovery
	}
	s.fl.AMR = []string{mfa.AMRPassword, method}
	return h.Login.Complete(w, r, s.fl, ACR)
}

// finish ends a flow inside a live session and returns to where it began,
// with notice (a message id) shown there.
func (h *Handler) finish(w http.ResponseWriter, r *http.Request, s *step, notice string) error {
	if err := h.Flows.Finish(r.Context(), w, s.fl); err != nil {
		return server.Unavailable(err)
	}
	if notice != "" {
		templates.SetFlash(w, r, notice)
	}
	http.Redirect(w, r, s.fl.ReturnTo, http.StatusSeeOther)
	return nil
}

// failed counts a wrong code or key answer. It returns true when the flow
// was ended (too many failures in the flow, or the account is now locked)
// and the answer has been written.
func (h *Handler) failed(w http.ResponseWriter, r *http.Request, s *step, countForAccount bool) (bool, error) {
	s.st.Failures++
	locked := false
	if countForAccount {
		var err error
		if locked, err = h.Login.FactorFailed(r, s.fl); err != nil {
			return true, server.Unavailable(err)
		}
	}
	if locked || s.st.Failures >= maxFailures {
		return true, h.end(w, r, s.fl, "mfa.too_many_failures")
	}
	return false, h.save(r, s)
}
