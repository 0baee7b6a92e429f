package portal

import (
	"errors"
	"net/http"
	"time"

	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
)

// sessionRow is one session in the list.
type sessionRow struct {
	Handle   string
	Device   string
	Network  string
	Started  time.Time
	LastSeen time.Time
	Current  bool
}

// sessionsPage lists the user's active sessions.
type sessionsPage struct {
	Sessions []sessionRow
	Notice   string
	Nav
}

func (h *Handler) showSessions(w http.ResponseWriter, r *http.Request, v Viewer) error {
	list, err := h.Sessions.List(r.Context(), v.User.ID)
	if err != nil {
		return server.Unavailable(err)
	}
	p := sessionsPage{Notice: noticeFrom(r), Nav: NavFor(v)}
	for _, s := range list {
		p.Sessions = append(p.Sessions, sessionRow{Handle: s.Handle, Device: s.Device, Network: s.Network,
			Started: s.CreatedAt, LastSeen: s.LastSeen, Current: s.Handle == v.Session.Handle})
	}
	return h.Pages.Render(w, r, http.StatusOK, "portal_sessions", p)
}

func (h *Handler) revokeSession(w http.ResponseWriter, r *http.Request, v Viewer) error {
	handle := r.PostFormValue("session")
	if handle == v.Session.Handle {
		return h.revokeAll(w, r, v)
	}
	err := h.Sessions.Revoke(r.Context(), v.User.ID, handle)
	if errors.Is(err, session.ErrNoSession) {
		return server.NotFound("session_not_found", err)
	}
	if err != nil {
		return server.Unavailable(err)
	}
	h.record(r.Context(), audit.Event{ActorID: v.User.ID, Action: "session.revoked", TargetType: "session", TargetID: handle, OrgID: v.Org.ID, Outcome: "success"})
	http.Redirect(w, r, "/account/sessions?notice=session_revoked", http.StatusSeeOther)
	return nil
}

func (h *Handler) revokeOthers(w http.ResponseWriter, r *http.Request, v Viewer) error {
	_, err := h.Sessions.RevokeAll(r.Context(), v.User.ID, v.Session.Handle)
	if err != nil {
		return server.Unavailable(err)
	}
	h.record(r.Context(), audit.Event{ActorID: v.User.ID, Action: "session.revoked_others", TargetType: "user", TargetID: v.User.ID, OrgID: v.Org.ID, Outcome: "success"})
	http.Redirect(w, r, "/account/sessions?notice=sessions_revoked", http.StatusSeeOther)
	return nil
}

// revokeAll logs the user out everywhere, this browser included.
func (h *Handler) revokeAll(w http.ResponseWriter, r *http.Request, v Viewer) error {
	if _, err := h.Sessions.RevokeAll(r.Context(), v.User.ID, v.Session.Handle); err != nil {
		return server.Unavailable(err)
	}
	if err := h.Sessions.Logout(r.Context(), w, r); err != nil {
		return server.Unavailable(err)
	}
	h.record(r.Context(), audit.Event{ActorID: v.User.ID, Action: "session.logged_out_everywhere", TargetType: "user", TargetID: v.User.ID, OrgID: v.Org.ID, Outcome: "success"})
	http.Redirect(w, r, "/logout", http.StatusSeeOther)
	return nil
}
