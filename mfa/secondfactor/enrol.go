package secondfactor

import (
	"net/http"

	"github.com/mijnaccount/mijnaccount/account/login"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/server"
)

// choosePage explains the factors the organisation allows.
type choosePage struct {
	Flow      string
	Options   []string // totp | key | sms, in the order shown
	Recovered bool     // after logging in with the recovery code
	Replaced  bool     // the user has factors the organisation no longer allows
	Adding    bool     // from the portal: one more factor
}

// enrolAllowed reports whether the step may enrol a factor of kind now.
func (s *step) enrolAllowed(kind string) bool {
	if s.st.Verified != "" || !s.allows(kind) {
		return false
	}
	switch s.fl.Mode {
	case login.ModeLogin:
		if !s.mustEnrol() {
			return false
		}
	case login.ModeAddFactor:
	case login.ModePhoneChange, login.ModePhoneSwap:
		return kind == mfa.KindSMS
	default:
		return false
	}
	// One app and one phone per user; several keys. After the recovery code
	// a new app or phone replaces the old one (the device may be lost).
	return kind == mfa.KindWebAuthn || s.st.Recovered || !mfa.Has(s.factors, kind)
}

func (h *Handler) showChoose(w http.ResponseWriter, r *http.Request, s *step) error {
	p := choosePage{Flow: s.fl.ID, Recovered: s.st.Recovered, Adding: s.fl.Mode == login.ModeAddFactor,
		Replaced: len(s.factors) > 0 && len(s.usable) == 0}
	for _, k := range []string{mfa.KindTOTP, mfa.KindWebAuthn, mfa.KindSMS} {
		if s.enrolAllowed(k) {
			p.Options = append(p.Options, pageKind(k))
		}
	}
	if len(p.Options) == 0 && s.mustEnrol() {
		// Nothing the organisation allows can be set up on this server
		// (e.g. security keys only, with keys switched off).
		h.record(r.Context(), audit.Event{ActorID: s.user.ID, Action: "mfa.enrol.nothing_allowed", TargetType: "user",
			TargetID: s.user.ID, OrgID: s.org.ID, Outcome: audit.OutcomeDenied})
		return h.end(w, r, s.fl, "mfa.none_allowed")
	}
	if len(p.Options) == 0 {
		return h.dispatch(w, r, s)
	}
	return h.Pages.Render(w, r, http.StatusOK, "enrol_choose", p)
}

// enrolled stores a newly proven factor and moves the flow on.
func (h *Handler) enrolled(w http.ResponseWriter, r *http.Request, s *step, f mfa.Factor) error {
	ctx := r.Context()
	f.UserID = s.user.ID
	action, event := "mfa.factor.enrolled", "factor_added"
	if old, ok := s.replaceable(f.Kind); ok {
		if err := h.replace(r, s, old, f); err != nil {
			return err
		}
		f.ID, action, event = old.ID, "mfa.factor.replaced", "factor_replaced"
	} else {
		var err error
		if f, err = h.Factors.AddFactor(ctx, f); err != nil {
			return server.Unavailable(err)
		}
	}
	h.record(ctx, audit.Event{ActorID: s.user.ID, Action: action, TargetType: "factor",
		TargetID: f.ID, OrgID: s.org.ID, Outcome: audit.OutcomeSuccess, Reason: f.Kind})
	h.notify(ctx, s.user, event)
	s.st.PendingTOTP, s.st.PendingPhone = "", ""
	return h.verified(w, r, s, f.AMR())
}

// replaceable returns the factor of kind a new one replaces: after the
// recovery code, the user's existing app or phone.
func (s *step) replaceable(kind string) (mfa.Factor, bool) {
	if !s.st.Recovered || kind == mfa.KindWebAuthn {
		return mfa.Factor{}, false
	}
	for _, f := range s.factors {
		if f.Kind == kind {
			return f, true
		}
	}
	return mfa.Factor{}, false
}

// replace puts the new secret into the old factor; for an app, the step
// just used is recorded so its code cannot be used again.
func (h *Handler) replace(r *http.Request, s *step, old, f mfa.Factor) error {
	ctx := r.Context()
	if err := h.Factors.ReplaceSecret(ctx, s.user.ID, old.ID, f.Secret); err != nil {
		return server.Unavailable(err)
	}
	if f.Kind == mfa.KindTOTP {
		if err := h.Factors.UseTOTPStep(ctx, old.ID, f.LastStep, h.Now()); err != nil {
			return server.Unavailable(err)
		}
	}
	return nil
}

// enrolFailed counts a wrong confirmation code while enrolling. It does not
// count toward the account lock (nothing existing is being guessed), but a
// flow ends after maxFailures.
func (h *Handler) enrolFailed(w http.ResponseWriter, r *http.Request, s *step) (bool, error) {
	return h.failed(w, r, s, false)
}

// seal and open keep pending secrets in the flow, bound to flow and field.
func (h *Handler) seal(s *step, field, v string) (string, error) {
	return h.Seal.Seal([]byte(v), []byte("flow:"+s.fl.ID+":"+field))
}

func (h *Handler) open(s *step, field, sealed string) (string, bool) {
	if sealed == "" {
		return "", false
	}
	raw, err := h.Seal.Open(sealed, []byte("flow:"+s.fl.ID+":"+field))
	if err != nil {
		return "", false
	}
	return string(raw), true
}

// allowedKinds are the kinds a user may still add in the portal.
func allowedKinds(s *step) []string {
	var out []string
	for _, k := range []string{mfa.KindTOTP, mfa.KindWebAuthn, mfa.KindSMS} {
		if s.allows(k) && (k == mfa.KindWebAuthn || !mfa.Has(s.factors, k)) {
			out = append(out, k)
		}
	}
	return out
}
