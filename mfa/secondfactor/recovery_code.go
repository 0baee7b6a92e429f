package secondfactor

import (
	"net/http"

	"github.com/mijnaccount/mijnaccount/account/login"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/server"
)

// recoveryPage shows a new recovery code once.
type recoveryPage struct {
	Flow  string
	Code  string
	Error string
	Renew bool // from the portal, replacing the old code
}

// recoveryAllowed: a factor was proven or enrolled in this flow, or the
// portal (after re-authentication) asked for a new code.
func (s *step) recoveryAllowed() bool {
	return s.st.Verified != "" && (s.fl.Mode == login.ModeLogin || s.fl.Mode == login.ModeAddFactor) ||
		s.fl.Mode == login.ModeRecoveryCode
}

// pendingCode returns the code this flow hands out, making and storing it
// (as a hash; it replaces any earlier code) on first use.
func (h *Handler) pendingCode(r *http.Request, s *step) (string, error) {
	if code, ok := h.open(s, "recovery", s.st.PendingCode); ok {
		return code, nil
	}
	code, err := mfa.IssueRecoveryCode(r.Context(), h.Factors, s.user.ID, h.Now())
	if err != nil {
		return "", server.Unavailable(err)
	}
	h.record(r.Context(), audit.Event{ActorID: s.user.ID, Action: "mfa.recovery_code.created", TargetType: "user",
		TargetID: s.user.ID, OrgID: s.org.ID, Outcome: audit.OutcomeSuccess})
	if s.st.PendingCode, err = h.seal(s, "recovery", code); err != nil {
		return "", server.Unavailable(err)
	}
	return code, h.save(r, s)
}

func (h *Handler) showRecoveryCode(w http.ResponseWriter, r *http.Request, s *step) error {
	if !s.recoveryAllowed() {
		return h.dispatch(w, r, s)
	}
	code, err := h.pendingCode(r, s)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return h.Pages.Render(w, r, http.StatusOK, "recovery_code", recoveryPage{Flow: s.fl.ID, Code: code,
		Renew: s.fl.Mode == login.ModeRecoveryCode})
}

// downloadRecoveryCode offers the code as a text file to keep.
func (h *Handler) downloadRecoveryCode(w http.ResponseWriter, r *http.Request, s *step) error {
	code, ok := h.open(s, "recovery", s.st.PendingCode)
	if !s.recoveryAllowed() || !ok {
		return h.dispatch(w, r, s)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="mijn-account-herstelcode.txt"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write([]byte("Mijn Account - herstelcode / recovery code\r\n\r\n" + s.user.Email + "\r\n" + code +
		"\r\n\r\nBewaar deze code op een veilige plek. Hij werkt één keer.\r\nKeep this code in a safe place. It works once.\r\n"))
	return err
}

func (h *Handler) confirmRecoveryCode(w http.ResponseWriter, r *http.Request, s *step) error {
	code, ok := h.open(s, "recovery", s.st.PendingCode)
	if !s.recoveryAllowed() || !ok {
		return h.dispatch(w, r, s)
	}
	if r.PostFormValue("stored") == "" {
		w.Header().Set("Cache-Control", "no-store")
		return h.Pages.Render(w, r, http.StatusOK, "recovery_code", recoveryPage{Flow: s.fl.ID, Code: code,
			Error: "mfa.recovery.confirm_required", Renew: s.fl.Mode == login.ModeRecoveryCode})
	}
	switch s.fl.Mode {
	case login.ModeRecoveryCode:
		h.notify(r.Context(), s.user, "recovery_regenerated")
		return h.finish(w, r, s, "mfa.notice.recovery_regenerated")
	case login.ModeAddFactor:
		return h.finish(w, r, s, "mfa.notice.added")
	}
	return h.complete(w, r, s)
}
