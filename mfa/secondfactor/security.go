package secondfactor

import (
	"errors"
	"net/http"
	"time"

	"github.com/mijnaccount/mijnaccount/account/login"
	"github.com/mijnaccount/mijnaccount/account/portal"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/phoneswap"
	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/server"
	"github.com/mijnaccount/mijnaccount/templates"
)

// ReauthWindow is how recent the last proof of a factor must be for a change
// on the security page.
const ReauthWindow = 5 * time.Minute

// securityPage is the portal's "Tweestapsverificatie" page.
type securityPage struct {
	Factors     []factorRow
	Recent      bool // a factor was proven within ReauthWindow
	HasRecovery bool
	CanAdd      []string // kinds that can still be added
	HasSMS      bool
	Swap        *phoneswap.Swap // the running temporary number, if any
	Error       string
	portal.Nav
}

type factorRow struct {
	ID, Kind, Name, Detail string
	Default, Disallowed    bool
	CreatedAt, LastUsedAt  time.Time
}

// Recent reports whether the viewer proved a second factor within
// ReauthWindow; sensitive changes (here and in the helpdesk) need it.
func (h *Handler) Recent(v portal.Viewer) bool {
	return v.Session.ACR == ACR && h.Now().Sub(v.Session.AuthTime) <= ReauthWindow
}

// StartReauth sends the viewer through the factor challenge and back to
// returnTo (a local path), with the session's proof refreshed.
func (h *Handler) StartReauth(w http.ResponseWriter, r *http.Request, v portal.Viewer, returnTo string) error {
	return h.startFlowTo(w, r, v, login.ModeReauth, returnTo)
}

func (h *Handler) showSecurity(w http.ResponseWriter, r *http.Request, v portal.Viewer) error {
	return h.renderSecurity(w, r, v, "")
}

func (h *Handler) renderSecurity(w http.ResponseWriter, r *http.Request, v portal.Viewer, msg string) error {
	ctx := r.Context()
	factors, err := h.Factors.ListFactors(ctx, v.User.ID)
	if err != nil {
		return server.Unavailable(err)
	}
	has, err := h.Factors.HasRecoveryCode(ctx, v.User.ID)
	if err != nil {
		return server.Unavailable(err)
	}
	p := securityPage{Recent: h.Recent(v), HasRecovery: has, Error: msg, Nav: portal.NavFor(v)}
	s := &step{org: v.Org, factors: factors, keysOff: h.Keys == nil}
	for _, f := range factors {
		row := factorRow{ID: f.ID, Kind: pageKind(f.Kind), Name: f.Name, Default: f.Default,
			Disallowed: !s.allows(f.Kind), CreatedAt: f.CreatedAt, LastUsedAt: f.LastUsedAt}
		if f.Kind == mfa.KindSMS {
			row.Detail, p.HasSMS = sms.Mask(f.Secret), true
		}
		p.Factors = append(p.Factors, row)
	}
	if sw, err := h.Swaps.Active(ctx, v.User.ID); err == nil {
		p.Swap = &sw
	} else if !errors.Is(err, phoneswap.ErrNoSwap) {
		return server.Unavailable(err)
	}
	for _, k := range allowedKinds(s) {
		p.CanAdd = append(p.CanAdd, pageKind(k))
	}
	w.Header().Set("Cache-Control", "no-store")
	return h.Pages.Render(w, r, http.StatusOK, "security", p)
}

// startFlow begins a flow of mode inside the viewer's session and sends the
// browser to its first page.
func (h *Handler) startFlow(w http.ResponseWriter, r *http.Request, v portal.Viewer, mode login.Mode) error {
	return h.startFlowTo(w, r, v, mode, "/account/security")
}

func (h *Handler) startFlowTo(w http.ResponseWriter, r *http.Request, v portal.Viewer, mode login.Mode, returnTo string) error {
	fl, err := h.Flows.StartAt(r.Context(), w, login.Flow{
		Step: login.StepSecondFactor, Mode: mode, UserID: v.User.ID, OrgID: v.Org.ID,
		SessionHandle: v.Session.Handle, ReturnTo: returnTo, AMR: v.Session.AMR,
	})
	if err != nil {
		return server.Unavailable(err)
	}
	return h.Begin(w, r, fl)
}

// needsReauth starts a re-authentication when the last factor proof is too
// old; it returns true when it has answered.
func (h *Handler) needsReauth(w http.ResponseWriter, r *http.Request, v portal.Viewer) (bool, error) {
	if h.Recent(v) {
		return false, nil
	}
	return true, h.startFlow(w, r, v, login.ModeReauth)
}

func (h *Handler) startReauth(w http.ResponseWriter, r *http.Request, v portal.Viewer) error {
	return h.startFlow(w, r, v, login.ModeReauth)
}

// guarded runs a change only after a recent factor proof.
func (h *Handler) guarded(mode login.Mode) portal.PageFunc {
	return func(w http.ResponseWriter, r *http.Request, v portal.Viewer) error {
		if done, err := h.needsReauth(w, r, v); done {
			return err
		}
		return h.startFlow(w, r, v, mode)
	}
}

func (h *Handler) startAdd(w http.ResponseWriter, r *http.Request, v portal.Viewer) error {
	return h.guarded(login.ModeAddFactor)(w, r, v)
}

func (h *Handler) startPhoneChange(w http.ResponseWriter, r *http.Request, v portal.Viewer) error {
	if _, err := h.Swaps.Active(r.Context(), v.User.ID); err == nil {
		return h.renderSecurity(w, r, v, "mfa.swap.running")
	} else if !errors.Is(err, phoneswap.ErrNoSwap) {
		return server.Unavailable(err)
	}
	return h.guarded(login.ModePhoneChange)(w, r, v)
}

func (h *Handler) startNewRecoveryCode(w http.ResponseWriter, r *http.Request, v portal.Viewer) error {
	return h.guarded(login.ModeRecoveryCode)(w, r, v)
}

// change runs fn on one of the viewer's factors after a recent factor proof,
// then audits, mails and returns to the page with notice.
func (h *Handler) change(w http.ResponseWriter, r *http.Request, v portal.Viewer, action, event, notice string,
	fn func(id string) error) error {
	if done, err := h.needsReauth(w, r, v); done {
		return err
	}
	id := r.PostFormValue("factor")
	err := fn(id)
	switch {
	case errors.Is(err, mfa.ErrNotFound):
		return server.NotFound("factor", err)
	case errors.Is(err, mfa.ErrLastFactor):
		return h.renderSecurity(w, r, v, "mfa.security.last_factor")
	case errors.Is(err, mfa.ErrInvalid):
		return h.renderSecurity(w, r, v, "mfa.key.name")
	case err != nil:
		return server.Unavailable(err)
	}
	h.record(r.Context(), audit.Event{ActorID: v.User.ID, Action: action, TargetType: "factor", TargetID: id,
		OrgID: v.Org.ID, Outcome: audit.OutcomeSuccess})
	h.notify(r.Context(), v.User, event)
	templates.SetFlash(w, r, notice)
	http.Redirect(w, r, "/account/security", http.StatusSeeOther)
	return nil
}

func (h *Handler) renameFactor(w http.ResponseWriter, r *http.Request, v portal.Viewer) error {
	return h.change(w, r, v, "mfa.factor.renamed", "factor_renamed", "mfa.notice.renamed", func(id string) error {
		return h.Factors.RenameFactor(r.Context(), v.User.ID, id, r.PostFormValue("name"))
	})
}

func (h *Handler) defaultFactor(w http.ResponseWriter, r *http.Request, v portal.Viewer) error {
	return h.change(w, r, v, "mfa.factor.default", "factor_default", "mfa.notice.default", func(id string) error {
		return h.Factors.SetDefault(r.Context(), v.User.ID, id)
	})
}

func (h *Handler) removeFactor(w http.ResponseWriter, r *http.Request, v portal.Viewer) error {
	return h.change(w, r, v, "mfa.factor.removed", "factor_removed", "mfa.notice.removed", func(id string) error {
		return h.Factors.DeleteFactor(r.Context(), v.User.ID, id)
	})
}
