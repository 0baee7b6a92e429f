package secondfactor

import (
	"net/http"
	"slices"

	"github.com/mijnaccount/mijnaccount/account/login"
	"github.com/mijnaccount/mijnaccount/mfa"
)

// factorPage is the data of the challenge page.
type factorPage struct {
	Flow   string
	Kind   string // totp | sms | key | recovery
	Error  string // message id
	Others []string
	Reauth bool
	// Proof: the factor is no longer allowed; proving it opens the wizard.
	Proof bool
	// NoFactor: none of the user's factors can be asked for here; the
	// recovery code or the helpdesk is the way on.
	NoFactor bool
	// SMS
	Phone    string // masked
	CodeSent bool
	// Security key
	Ceremony string
	Options  string // JSON for navigator.credentials.get
}

// page returns the challenge page data for kind, with links to the user's
// other usable factors (and, in a login, to the recovery code).
func (s *step) page(kind string) factorPage {
	p := factorPage{Flow: s.fl.ID, Kind: kind, Reauth: s.fl.Mode != login.ModeLogin, Proof: s.proofOnly && kind != "recovery",
		NoFactor: s.fl.Mode == login.ModeLogin && len(s.factors) > 0 && len(s.challenge) == 0}
	for _, k := range []string{mfa.KindTOTP, mfa.KindSMS, mfa.KindWebAuthn} {
		if pageKind(k) != kind && s.has(k) {
			p.Others = append(p.Others, pageKind(k))
		}
	}
	if kind != "recovery" && s.fl.Mode == login.ModeLogin {
		p.Others = append(p.Others, "recovery")
	}
	return p
}

// pageKind is the short name of a factor kind in paths and page data.
func pageKind(kind string) string {
	if kind == mfa.KindWebAuthn {
		return "key"
	}
	return kind
}

func (h *Handler) renderFactor(w http.ResponseWriter, r *http.Request, p factorPage) error {
	return h.Pages.Render(w, r, http.StatusOK, "factor", p)
}

// errorParam is a message id passed to a page in its URL after a redirect;
// only these ids are accepted.
var errorParams = []string{
	"mfa.sms.cooldown", "mfa.sms.limit", "mfa.sms.invalid_number", "mfa.sms.unavailable", "mfa.sms.no_code",
}

func errorParam(r *http.Request) string {
	if e := r.URL.Query().Get("e"); slices.Contains(errorParams, e) {
		return e
	}
	return ""
}

// challengeAllowed reports whether the step may show a challenge: the user
// has a usable factor of kind and nothing was verified yet in this flow.
func (s *step) challengeAllowed(kind string) bool {
	if s.st.Verified != "" || s.mustEnrol() || s.fl.Mode == login.ModeAddFactor || s.fl.Mode == login.ModePhoneChange ||
		s.fl.Mode == login.ModePhoneSwap || s.fl.Mode == login.ModeRecoveryCode {
		return false
	}
	return kind == "recovery" && s.fl.Mode == login.ModeLogin || s.has(kind)
}
