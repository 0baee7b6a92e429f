package secondfactor

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/mfa/smsotp"
	"github.com/mijnaccount/mijnaccount/server"
)

func (h *Handler) showSMS(w http.ResponseWriter, r *http.Request, s *step) error {
	if !s.challengeAllowed(mfa.KindSMS) {
		return h.dispatch(w, r, s)
	}
	p, err := h.smsPage(r, s, loginBinding(s))
	if err != nil {
		return err
	}
	p.Error = errorParam(r)
	return h.renderFactor(w, r, p)
}

// smsPage is the SMS challenge page with the masked number and whether a
// code is on its way.
func (h *Handler) smsPage(r *http.Request, s *step, binding string) (factorPage, error) {
	p := s.page("sms")
	if f, ok := s.first(mfa.KindSMS); ok {
		p.Phone = sms.Mask(f.Secret)
	}
	pending, err := h.SMS.Status(r.Context(), binding)
	if err != nil {
		return p, server.Unavailable(err)
	}
	p.CodeSent = pending.Live
	return p, nil
}

// sendLoginSMS sends (or re-sends) the login code.
func (h *Handler) sendLoginSMS(w http.ResponseWriter, r *http.Request, s *step) error {
	if !s.challengeAllowed(mfa.KindSMS) {
		return h.dispatch(w, r, s)
	}
	return h.sendLoginCode(w, r, s)
}

func (h *Handler) sendLoginCode(w http.ResponseWriter, r *http.Request, s *step) error {
	f, _ := s.first(mfa.KindSMS)
	msg, err := h.sendCode(r, s, f.Secret, sms.PurposeLogin, loginBinding(s))
	if err != nil {
		return err
	}
	return redirectWithError(w, r, s, "/login/factor/sms", msg)
}

// redirectWithError sends the browser to a flow page that shows msg.
func redirectWithError(w http.ResponseWriter, r *http.Request, s *step, path, msg string) error {
	target := s.fl.URL(path)
	if msg != "" {
		target += "&e=" + url.QueryEscape(msg)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

func (h *Handler) submitSMS(w http.ResponseWriter, r *http.Request, s *step) error {
	if !s.challengeAllowed(mfa.KindSMS) {
		return h.dispatch(w, r, s)
	}
	f, _ := s.first(mfa.KindSMS)
	msg, err := h.checkCode(r, loginBinding(s))
	if err != nil {
		return err
	}
	if msg == "" {
		if err := h.Factors.Touch(r.Context(), f.ID, h.Now()); err != nil {
			return server.Unavailable(err)
		}
		return h.passed(w, r, s, f, mfa.AMRSMS)
	}
	if done, err := h.failed(w, r, s, msg != "mfa.sms.no_code"); done || err != nil {
		return err
	}
	p, err := h.smsPage(r, s, loginBinding(s))
	if err != nil {
		return err
	}
	p.Error = msg
	return h.renderFactor(w, r, p)
}

// checkCode verifies the posted code for binding. A wrong, malformed or
// stale code comes back as a message id; "" means the code was right.
func (h *Handler) checkCode(r *http.Request, binding string) (string, error) {
	err := h.SMS.Verify(r.Context(), binding, r.PostFormValue("code"))
	switch {
	case err == nil:
		return "", nil
	case errors.Is(err, smsotp.ErrMalformed):
		return "mfa.code_format", nil
	case errors.Is(err, smsotp.ErrInvalid):
		return "mfa.code_wrong", nil
	case errors.Is(err, smsotp.ErrTooManyTries):
		return "mfa.sms.too_many_tries", nil
	case errors.Is(err, smsotp.ErrNoCode):
		return "mfa.sms.no_code", nil
	}
	return "", server.Unavailable(err)
}
