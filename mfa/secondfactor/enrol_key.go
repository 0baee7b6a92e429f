package secondfactor

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/webauthn"
	"github.com/mijnaccount/mijnaccount/server"
)

// keyPage registers a security key.
type keyPage struct {
	Flow     string
	Name     string
	Error    string
	Ceremony string
	Options  string // JSON for navigator.credentials.create
}

func (h *Handler) showEnrolKey(w http.ResponseWriter, r *http.Request, s *step) error {
	if !s.enrolAllowed(mfa.KindWebAuthn) {
		return h.dispatch(w, r, s)
	}
	return h.renderEnrolKey(w, r, s, keyPage{})
}

func (h *Handler) renderEnrolKey(w http.ResponseWriter, r *http.Request, s *step, p keyPage) error {
	u, _ := keyUser(s, s.factors)
	c, err := h.Keys.BeginRegistration(r.Context(), u)
	if err != nil {
		return server.Unavailable(err)
	}
	p.Flow, p.Ceremony, p.Options = s.fl.ID, c.ID, string(c.Options)
	return h.Pages.Render(w, r, http.StatusOK, "enrol_key", p)
}

func (h *Handler) submitEnrolKey(w http.ResponseWriter, r *http.Request, s *step) error {
	if !s.enrolAllowed(mfa.KindWebAuthn) {
		return h.dispatch(w, r, s)
	}
	p := keyPage{Name: strings.TrimSpace(r.PostFormValue("name"))}
	if p.Name == "" {
		p.Name = "Beveiligingssleutel"
	}
	if utf8.RuneCountInString(p.Name) > mfa.MaxNameLength || strings.ContainsAny(p.Name, "\r\n\t") {
		p.Error = "mfa.key.name"
		return h.renderEnrolKey(w, r, s, p)
	}
	u, _ := keyUser(s, s.factors)
	cred, err := h.Keys.FinishRegistration(r.Context(), r.PostFormValue("ceremony"), u, []byte(r.PostFormValue("credential")))
	switch {
	case errors.Is(err, webauthn.ErrNoCeremony):
		p.Error = "mfa.key.expired"
		return h.renderEnrolKey(w, r, s, p)
	case errors.Is(err, webauthn.ErrInvalidResponse):
		h.Log.Info("security key registration refused", "user", s.user.ID, "err", err)
		if done, err := h.enrolFailed(w, r, s); done || err != nil {
			return err
		}
		p.Error = "mfa.key.failed"
		return h.renderEnrolKey(w, r, s, p)
	case err != nil:
		return server.Unavailable(err)
	}
	raw, err := json.Marshal(cred)
	if err != nil {
		return server.Unavailable(err)
	}
	f := mfa.Factor{Kind: mfa.KindWebAuthn, Name: p.Name, Credential: raw,
		CredentialID: webauthn.CredentialIDString(cred.ID), SignCount: cred.SignCount}
	return h.enrolled(w, r, s, f)
}
