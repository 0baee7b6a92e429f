package helpdesk

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/account/invite"
	"github.com/mijnaccount/mijnaccount/account/portal"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/server"
	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/templates"
)

// draftTTL bounds how long an action waits for the viewer's factor proof
// (as long as the login flow that asks for it).
const draftTTL = 15 * time.Minute

// draft is an action asked for while the viewer's factor proof was too old.
// It is bound to the session and used once.
type draft struct {
	Handle    string    `json:"handle"`
	ActorID   string    `json:"actor_id"`
	UserID    string    `json:"user_id"`
	Action    Action    `json:"action"`
	FactorID  string    `json:"factor_id,omitempty"`
	RequestID string    `json:"request_id,omitempty"`
	Reason    string    `json:"reason"`
	Ticket    string    `json:"ticket,omitempty"`
	Phone     string    `json:"phone,omitempty"`
	Until     time.Time `json:"until,omitzero"`
	Code      string    `json:"code,omitempty"`
}

func draftKey(id string) string { return "helpdesk-draft:" + id }

// deferUntilReauth keeps the action and sends the viewer through the factor
// challenge; on return, resume carries it out.
func (h *Handler) deferUntilReauth(w http.ResponseWriter, r *http.Request, v portal.Viewer, p actionPage) error {
	d := draft{Handle: v.Session.Handle, ActorID: v.User.ID, UserID: p.UserID, Action: Action(p.Action),
		FactorID: p.FactorID, RequestID: p.RequestID, Reason: p.Reason, Ticket: p.Ticket,
		Phone: p.Phone, Until: p.until, Code: p.code}
	return h.saveDraft(w, r, v, d)
}

func (h *Handler) saveDraft(w http.ResponseWriter, r *http.Request, v portal.Viewer, d draft) error {
	raw, err := json.Marshal(d)
	if err != nil {
		return err
	}
	id := storage.NewID()
	if err := h.KV.Set(r.Context(), draftKey(id), raw, draftTTL); err != nil {
		return server.Unavailable(err)
	}
	return h.Reauth.StartReauth(w, r, v, "/helpdesk/resume/"+id)
}

// resume carries out a kept action once the viewer has proven their factor.
// The draft id is a single-use secret bound to the viewer's session, so this
// GET cannot be forged from another site.
func (h *Handler) resume(w http.ResponseWriter, r *http.Request, v portal.Viewer, sc Scope) error {
	raw, err := h.KV.Take(r.Context(), draftKey(r.PathValue("draft")))
	if errors.Is(err, storage.ErrNotFound) {
		return server.NotFound("draft_not_found", err)
	}
	if err != nil {
		return server.Unavailable(err)
	}
	var d draft
	if err := json.Unmarshal(raw, &d); err != nil || d.Handle != v.Session.Handle || d.ActorID != v.User.ID {
		return server.NotFound("draft_not_found", errors.New("helpdesk: draft of another session"))
	}
	if !h.Reauth.Recent(v) {
		return h.saveDraft(w, r, v, d)
	}
	p, _, err := h.prepare(r, v, sc, d.UserID, d.Action, d.FactorID, d.RequestID)
	if err != nil {
		return err
	}
	p.Reason, p.Ticket = d.Reason, d.Ticket
	p.Phone, p.until, p.code, p.CodeSent = d.Phone, d.Until, d.Code, d.Phone != ""
	if p.Refused {
		return h.Pages.Render(w, r, p.refusedStatus(), "helpdesk_action", p)
	}
	return h.perform(w, r, v, sc, p)
}

// refusals maps the service's refusals to a status and a message id.
var refusals = []struct {
	err    error
	status int
	msg    string
}{
	{ErrSelf, http.StatusForbidden, "helpdesk.error.self"},
	{ErrSwapCode, http.StatusUnprocessableEntity, "helpdesk.swap.code_wrong"},
	{ErrNotAllowed, http.StatusForbidden, "helpdesk.error.not_allowed"},
	{ErrOwnRequest, http.StatusForbidden, "helpdesk.error.own_request"},
	{ErrAlreadyPending, http.StatusConflict, "helpdesk.error.already_pending"},
	{ErrNoRequest, http.StatusConflict, "helpdesk.error.no_request"},
	{mfa.ErrLastFactor, http.StatusConflict, "helpdesk.error.last_factor"},
	{mfa.ErrNotFound, http.StatusConflict, "helpdesk.error.factor_gone"},
	{invite.ErrNotInvited, http.StatusConflict, "helpdesk.error.not_invited"},
	{invite.ErrNotActive, http.StatusConflict, "helpdesk.error.not_active"},
}

// perform runs the action and returns to the user page with a notice, or
// shows the action page again with what stopped it.
func (h *Handler) perform(w http.ResponseWriter, r *http.Request, v portal.Viewer, sc Scope, p actionPage) error {
	res, err := h.Service.Do(r.Context(), Actor{ID: v.User.ID, Helpdesk: sc.Helpdesk}, Request{
		Action: Action(p.Action), UserID: p.UserID, FactorID: p.FactorID, RequestID: p.RequestID,
		Reason: p.Reason, Ticket: p.Ticket, Phone: p.Phone, Until: p.until, Code: p.code,
	})
	if err != nil && !errors.Is(err, ErrNotRecorded) {
		if ies := InputErrors(err); len(ies) > 0 {
			for _, ie := range ies {
				p.Errors = append(p.Errors, ie.Message)
			}
			return h.Pages.Render(w, r, http.StatusUnprocessableEntity, "helpdesk_action", p)
		}
		for _, ref := range refusals {
			if errors.Is(err, ref.err) {
				p.Errors, p.Refused = []string{ref.msg}, true
				return h.Pages.Render(w, r, ref.status, "helpdesk_action", p)
			}
		}
		return server.Unavailable(err)
	}
	notice := "helpdesk.notice." + strings.ReplaceAll(p.Action, "-", "_")
	if res.Pending {
		notice = "helpdesk.notice.requested"
	}
	templates.SetFlash(w, r, notice)
	http.Redirect(w, r, "/helpdesk/users/"+url.PathEscape(p.UserID), http.StatusSeeOther)
	return nil
}
