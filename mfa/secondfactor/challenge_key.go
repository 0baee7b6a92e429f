package secondfactor

import (
	"errors"
	"net/http"

	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/webauthn"
	"github.com/mijnaccount/mijnaccount/server"
)

func (h *Handler) showKey(w http.ResponseWriter, r *http.Request, s *step) error {
	if !s.challengeAllowed(mfa.KindWebAuthn) {
		return h.dispatch(w, r, s)
	}
	return h.renderKeyChallenge(w, r, s, "")
}

func (h *Handler) renderKeyChallenge(w http.ResponseWriter, r *http.Request, s *step, msg string) error {
	u, _ := keyUser(s, s.challenge)
	c, err := h.Keys.BeginLogin(r.Context(), u)
	if err != nil {
		return server.Unavailable(err)
	}
	p := s.page("key")
	p.Ceremony, p.Options, p.Error = c.ID, string(c.Options), msg
	return h.renderFactor(w, r, p)
}

func (h *Handler) submitKey(w http.ResponseWriter, r *http.Request, s *step) error {
	if !s.challengeAllowed(mfa.KindWebAuthn) {
		return h.dispatch(w, r, s)
	}
	ctx := r.Context()
	u, byID := keyUser(s, s.challenge)
	res, err := h.Keys.FinishLogin(ctx, r.PostFormValue("ceremony"), u, []byte(r.PostFormValue("credential")))
	switch {
	case errors.Is(err, webauthn.ErrNoCeremony):
		return h.renderKeyChallenge(w, r, s, "mfa.key.expired")
	case errors.Is(err, webauthn.ErrInvalidResponse):
		h.Log.Info("security key answer refused", "user", s.user.ID, "err", err)
		if done, err := h.failed(w, r, s, true); done || err != nil {
			return err
		}
		return h.renderKeyChallenge(w, r, s, "mfa.key.failed")
	case err != nil:
		return server.Unavailable(err)
	}
	f, ok := byID[webauthn.CredentialIDString(res.CredentialID)]
	if !ok {
		return server.Unavailable(errors.New("secondfactor: verified key is not among the user's factors"))
	}
	if res.CloneWarning {
		h.record(ctx, audit.Event{ActorID: s.user.ID, Action: "mfa.key.clone_warning", TargetType: "factor",
			TargetID: f.ID, OrgID: s.org.ID, Outcome: audit.OutcomeDenied})
		if done, err := h.failed(w, r, s, true); done || err != nil {
			return err
		}
		return h.renderKeyChallenge(w, r, s, "mfa.key.clone")
	}
	if err := h.Factors.UseKey(ctx, f.ID, res.SignCount, h.Now()); err != nil {
		return server.Unavailable(err)
	}
	return h.passed(w, r, s, f, mfa.AMRKey)
}
