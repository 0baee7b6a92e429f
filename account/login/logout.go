package login

import (
	"net/http"

	"github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
)

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) error {
	s, _ := h.Sessions.Current(r)
	if err := h.Sessions.Logout(r.Context(), w, r); err != nil {
		return server.Unavailable(err)
	}
	if s.UserID != "" {
		h.audit(r, audit.Event{ActorID: s.UserID, Action: "session.logged_out", TargetType: "session", TargetID: s.Handle, OrgID: s.OrgID, Outcome: "success"})
	}
	http.Redirect(w, r, "/logout", http.StatusSeeOther)
	return nil
}

func (h *Handler) showLogout(w http.ResponseWriter, r *http.Request) error {
	return h.Pages.Render(w, r, http.StatusOK, "message", web.MessagePage{
		Title: "logout.title", Body: "logout.done", Link: "/login", LinkText: "login.title",
	})
}
