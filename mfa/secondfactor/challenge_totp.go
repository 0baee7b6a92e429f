package secondfactor

import (
	"errors"
	"net/http"

	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/totp"
	"github.com/mijnaccount/mijnaccount/server"
)

func (h *Handler) showTOTP(w http.ResponseWriter, r *http.Request, s *step) error {
	if !s.challengeAllowed(mfa.KindTOTP) {
		return h.dispatch(w, r, s)
	}
	return h.renderFactor(w, r, s.page("totp"))
}

func (h *Handler) submitTOTP(w http.ResponseWriter, r *http.Request, s *step) error {
	if !s.challengeAllowed(mfa.KindTOTP) {
		return h.dispatch(w, r, s)
	}
	f, _ := s.first(mfa.KindTOTP)
	now := h.Now()
	p := s.page("totp")
	stepNo, err := totp.Validate(f.Secret, r.PostFormValue("code"), now, f.LastStep)
	if err == nil {
		err = h.Factors.UseTOTPStep(r.Context(), f.ID, stepNo, now)
	}
	switch {
	case err == nil:
		return h.passed(w, r, s, f, mfa.AMRTOTP)
	case errors.Is(err, totp.ErrReplay), errors.Is(err, mfa.ErrReplay):
		p.Error = "mfa.totp.used"
	case errors.Is(err, totp.ErrMalformed):
		p.Error = "mfa.code_format"
	case errors.Is(err, totp.ErrInvalid):
		p.Error = "mfa.code_wrong"
	default:
		return server.Unavailable(err)
	}
	if done, err := h.failed(w, r, s, true); done || err != nil {
		return err
	}
	return h.renderFactor(w, r, p)
}
