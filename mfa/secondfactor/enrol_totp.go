package secondfactor

import (
	"errors"
	"html/template"
	"net/http"
	"strings"

	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/totp"
	"github.com/mijnaccount/mijnaccount/server"
)

// totpPage shows the QR code and the secret for an authenticator app.
type totpPage struct {
	Flow    string
	QR      template.HTML // inline SVG made by totp.QRSVG
	Secret  string        // in groups of four
	Issuer  string
	Account string
	Error   string
}

// pendingTOTP returns the secret being enrolled, making one on first use.
func (h *Handler) pendingTOTP(r *http.Request, s *step) (totp.Enrolment, error) {
	if secret, ok := h.open(s, "totp", s.st.PendingTOTP); ok {
		return totp.ForSecret(h.TOTPIssuer, accountName(s), secret), nil
	}
	e, err := totp.NewSecret(h.TOTPIssuer, accountName(s))
	if err != nil {
		return totp.Enrolment{}, server.Unavailable(err)
	}
	if s.st.PendingTOTP, err = h.seal(s, "totp", e.Secret); err != nil {
		return totp.Enrolment{}, server.Unavailable(err)
	}
	return e, h.save(r, s)
}

func (h *Handler) showEnrolTOTP(w http.ResponseWriter, r *http.Request, s *step) error {
	if !s.enrolAllowed(mfa.KindTOTP) {
		return h.dispatch(w, r, s)
	}
	e, err := h.pendingTOTP(r, s)
	if err != nil {
		return err
	}
	return h.renderTOTP(w, r, s, e, "")
}

func (h *Handler) renderTOTP(w http.ResponseWriter, r *http.Request, s *step, e totp.Enrolment, msg string) error {
	svg, err := totp.QRSVG(e.URL)
	if err != nil {
		return server.Unavailable(err)
	}
	return h.Pages.Render(w, r, http.StatusOK, "enrol_totp", totpPage{
		Flow: s.fl.ID, QR: template.HTML(svg), Secret: e.Grouped, Issuer: h.TOTPIssuer, Account: s.user.Email, Error: msg,
	})
}

func (h *Handler) submitEnrolTOTP(w http.ResponseWriter, r *http.Request, s *step) error {
	if !s.enrolAllowed(mfa.KindTOTP) {
		return h.dispatch(w, r, s)
	}
	secret, ok := h.open(s, "totp", s.st.PendingTOTP)
	if !ok {
		return redirect(w, r, s, "/login/enrol/totp")
	}
	stepNo, err := totp.Validate(secret, r.PostFormValue("code"), h.Now(), 0)
	if err == nil {
		return h.enrolled(w, r, s, mfa.Factor{Kind: mfa.KindTOTP, Name: h.TOTPIssuer, Secret: secret, LastStep: stepNo})
	}
	msg := "mfa.code_wrong"
	if errors.Is(err, totp.ErrMalformed) {
		msg = "mfa.code_format"
	} else if !errors.Is(err, totp.ErrInvalid) {
		return server.Unavailable(err)
	}
	if done, err := h.enrolFailed(w, r, s); done || err != nil {
		return err
	}
	return h.renderTOTP(w, r, s, totp.ForSecret(h.TOTPIssuer, accountName(s), secret), msg)
}

// accountName is how the app lists the account: the email address.
func accountName(s *step) string { return strings.ReplaceAll(s.user.Email, ":", "") }
