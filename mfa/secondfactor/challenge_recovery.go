package secondfactor

import (
	"errors"
	"net/http"

	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/server"
)

func (h *Handler) showRecovery(w http.ResponseWriter, r *http.Request, s *step) error {
	if !s.challengeAllowed("recovery") {
		return h.dispatch(w, r, s)
	}
	return h.renderFactor(w, r, s.page("recovery"))
}

// submitRecovery logs in with the recovery code: the code is used up, every
// other session of the user ends, the user is told by mail and goes through
// the enrolment wizard again, ending with a new code.
func (h *Handler) submitRecovery(w http.ResponseWriter, r *http.Request, s *step) error {
	if !s.challengeAllowed("recovery") {
		return h.dispatch(w, r, s)
	}
	ctx := r.Context()
	p := s.page("recovery")
	code, ok := mfa.NormalizeRecoveryCode(r.PostFormValue("code"))
	if ok {
		err := h.Factors.UseRecoveryCode(ctx, s.user.ID, mfa.HashRecoveryCode(s.user.ID, code))
		switch {
		case err == nil:
			return h.recovered(w, r, s)
		case !errors.Is(err, mfa.ErrRecoveryCode):
			return server.Unavailable(err)
		}
	}
	p.Error = "mfa.recovery.wrong"
	h.record(ctx, audit.Event{ActorID: s.user.ID, Action: "mfa.recovery_code.failed", TargetType: "user",
		TargetID: s.user.ID, OrgID: s.org.ID, Outcome: "failure"})
	if done, err := h.failed(w, r, s, true); done || err != nil {
		return err
	}
	return h.renderFactor(w, r, p)
}

func (h *Handler) recovered(w http.ResponseWriter, r *http.Request, s *step) error {
	ctx := r.Context()
	if _, err := h.Sessions.RevokeAll(ctx, s.user.ID, ""); err != nil {
		return server.Unavailable(err)
	}
	h.record(ctx, audit.Event{ActorID: s.user.ID, Action: "mfa.recovery_code.used", TargetType: "user",
		TargetID: s.user.ID, OrgID: s.org.ID, Outcome: "success"})
	h.notify(ctx, s.user, "recovery_used")
	s.st.Recovered, s.st.Failures = true, 0
	if err := h.save(r, s); err != nil {
		return err
	}
	return redirect(w, r, s, "/login/enrol")
}
