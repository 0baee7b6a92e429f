package secondfactor

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/account/login"
	"github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/phoneswap"
	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/server"
)

// phonePage asks for a mobile number, or for the code sent to it.
type phonePage struct {
	Flow     string
	Phone    string // as typed (form) or masked (code page)
	Error    string
	Change   bool   // changing the number of an existing SMS factor
	Swap     bool   // a temporary number
	Until    string // chosen end date of a temporary number, YYYY-MM-DD
	MaxUntil string
	Prefixes string
}

func (s *step) smsPurpose() string {
	if s.fl.Mode == login.ModePhoneChange || s.fl.Mode == login.ModePhoneSwap {
		return sms.PurposePhoneChange
	}
	return sms.PurposeEnrol
}

func (h *Handler) phonePage(s *step) phonePage {
	p := phonePage{Flow: s.fl.ID, Change: s.fl.Mode == login.ModePhoneChange, Swap: s.fl.Mode == login.ModePhoneSwap,
		Prefixes: strings.Join(h.PhonePrefixes, ", "), MaxUntil: h.Now().Add(phoneswap.MaxDuration).Format(time.DateOnly)}
	if !s.st.SwapUntil.IsZero() {
		p.Until = s.st.SwapUntil.Format(time.DateOnly)
	}
	return p
}

func (h *Handler) showEnrolPhone(w http.ResponseWriter, r *http.Request, s *step) error {
	if !s.enrolAllowed(mfa.KindSMS) {
		return h.dispatch(w, r, s)
	}
	p := h.phonePage(s)
	p.Error = errorParam(r)
	return h.Pages.Render(w, r, http.StatusOK, "enrol_phone", p)
}

func (h *Handler) submitEnrolPhone(w http.ResponseWriter, r *http.Request, s *step) error {
	if !s.enrolAllowed(mfa.KindSMS) {
		return h.dispatch(w, r, s)
	}
	p := h.phonePage(s)
	p.Phone = strings.TrimSpace(r.PostFormValue("phone"))
	if p.Swap {
		until, msg := h.swapUntil(r.PostFormValue("until"))
		p.Until = r.PostFormValue("until")
		if msg != "" {
			p.Error = msg
			return h.Pages.Render(w, r, http.StatusOK, "enrol_phone", p)
		}
		s.st.SwapUntil = until
	}
	phone, err := sms.ParsePhone(p.Phone, h.PhonePrefixes)
	if err != nil {
		switch {
		case errors.Is(err, sms.ErrPhoneCountry):
			p.Error = "mfa.phone.country"
		case errors.Is(err, sms.ErrPhoneNotMobile):
			p.Error = "mfa.phone.not_mobile"
		default:
			p.Error = "mfa.phone.invalid"
		}
		return h.Pages.Render(w, r, http.StatusOK, "enrol_phone", p)
	}
	if s.st.PendingPhone, err = h.seal(s, "phone", phone); err != nil {
		return server.Unavailable(err)
	}
	if err := h.save(r, s); err != nil {
		return err
	}
	msg, err := h.sendCode(r, s, phone, s.smsPurpose(), enrolBinding(s))
	if err != nil {
		return err
	}
	if msg != "" && msg != "mfa.sms.cooldown" {
		p.Error = msg
		return h.Pages.Render(w, r, http.StatusOK, "enrol_phone", p)
	}
	return redirectWithError(w, r, s, "/login/enrol/sms/verify", msg)
}

func (h *Handler) showEnrolSMSCode(w http.ResponseWriter, r *http.Request, s *step) error {
	phone, ok := h.open(s, "phone", s.st.PendingPhone)
	if !s.enrolAllowed(mfa.KindSMS) || !ok {
		return h.dispatch(w, r, s)
	}
	p := h.phonePage(s)
	p.Phone, p.Error = sms.Mask(phone), errorParam(r)
	return h.Pages.Render(w, r, http.StatusOK, "enrol_sms_code", p)
}

func (h *Handler) resendEnrolSMS(w http.ResponseWriter, r *http.Request, s *step) error {
	phone, ok := h.open(s, "phone", s.st.PendingPhone)
	if !s.enrolAllowed(mfa.KindSMS) || !ok {
		return h.dispatch(w, r, s)
	}
	msg, err := h.sendCode(r, s, phone, s.smsPurpose(), enrolBinding(s))
	if err != nil {
		return err
	}
	return redirectWithError(w, r, s, "/login/enrol/sms/verify", msg)
}

func (h *Handler) submitEnrolSMSCode(w http.ResponseWriter, r *http.Request, s *step) error {
	phone, ok := h.open(s, "phone", s.st.PendingPhone)
	if !s.enrolAllowed(mfa.KindSMS) || !ok {
		return h.dispatch(w, r, s)
	}
	msg, err := h.checkCode(r, enrolBinding(s))
	if err != nil {
		return err
	}
	if msg == "" {
		switch s.fl.Mode {
		case login.ModePhoneChange:
			return h.phoneChanged(w, r, s, phone)
		case login.ModePhoneSwap:
			return h.swapStarted(w, r, s, phone)
		}
		return h.enrolled(w, r, s, mfa.Factor{Kind: mfa.KindSMS, Secret: phone})
	}
	if done, err := h.enrolFailed(w, r, s); done || err != nil {
		return err
	}
	p := h.phonePage(s)
	p.Phone, p.Error = sms.Mask(phone), msg
	return h.Pages.Render(w, r, http.StatusOK, "enrol_sms_code", p)
}

// phoneChanged puts the verified number into the user's SMS factor (the old
// number is gone), ends every session of the user, this one included, and
// tells the user by mail.
func (h *Handler) phoneChanged(w http.ResponseWriter, r *http.Request, s *step, phone string) error {
	ctx := r.Context()
	f, ok := s.first(mfa.KindSMS)
	if !ok {
		return h.end(w, r, s.fl, "login.expired")
	}
	if err := h.Factors.ReplaceSecret(ctx, s.user.ID, f.ID, phone); err != nil {
		return server.Unavailable(err)
	}
	h.record(ctx, audit.Event{ActorID: s.user.ID, Action: "mfa.phone.changed", TargetType: "factor", TargetID: f.ID,
		OrgID: s.org.ID, Outcome: audit.OutcomeSuccess})
	h.notify(ctx, s.user, "phone_changed")
	if _, err := h.Sessions.RevokeAll(ctx, s.user.ID, ""); err != nil {
		return server.Unavailable(err)
	}
	if err := h.Flows.Finish(ctx, w, s.fl); err != nil {
		return server.Unavailable(err)
	}
	return h.Pages.Render(w, r, http.StatusOK, "message", web.MessagePage{
		Title: "mfa.phone.changed_title", Body: "mfa.phone.changed", Link: "/login", LinkText: "login.submit"})
}
