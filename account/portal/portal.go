package portal

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/password"
	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
)

// Inviter sends invitations.
type Inviter interface {
	Invite(ctx context.Context, actorID string, user account.User) error
}

// Handler serves the portal.
type Handler struct {
	Accounts account.Store
	StandIns account.StandIns
	Sessions *session.Manager
	Hasher   *password.Hasher
	Inviter  Inviter
	Mail     web.Mailer
	Pages    web.Renderer
	Audit    web.Auditor
	Log      *slog.Logger
	Now      func() time.Time
}

// Mount registers the portal's routes.
func (h *Handler) Mount(mux *http.ServeMux) {
	mux.Handle("GET /account", h.Page(h.showProfile))
	mux.Handle("GET /account/password", h.Page(h.showPassword))
	mux.Handle("POST /account/password", h.Page(h.submitPassword))
	mux.Handle("GET /account/sessions", h.Page(h.showSessions))
	mux.Handle("POST /account/sessions/revoke", h.Page(h.revokeSession))
	mux.Handle("POST /account/sessions/revoke-others", h.Page(h.revokeOthers))
	mux.Handle("POST /account/sessions/revoke-all", h.Page(h.revokeAll))
	mux.Handle("GET /account/users", h.Page(h.showUsers))
	mux.Handle("POST /account/users/invite", h.Page(h.inviteUser))
	mux.Handle("GET /account/standins", h.Page(h.showStandIns))
	mux.Handle("POST /account/standins", h.Page(h.giveStandIn))
}

// Viewer is the logged-in user of a portal request.
type Viewer struct {
	Session session.Session
	User    account.User
	Org     account.Org
	Roles   []account.Role
}

// Can reports whether the viewer holds a right through one of their roles.
func (v Viewer) Can(right string) bool {
	for _, r := range v.Roles {
		for _, got := range r.Rights {
			if got == right {
				return true
			}
		}
	}
	return false
}

// PageFunc serves one portal page for a logged-in viewer.
type PageFunc func(w http.ResponseWriter, r *http.Request, v Viewer) error

// page loads the Viewer or sends the browser to the login. A session whose
// user was blocked, or that is used from outside the organisation's allowed
// networks, is ended.
func (h *Handler) Page(fn PageFunc) http.Handler {
	return server.Handle(func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		s, err := h.Sessions.Current(r)
		if errors.Is(err, session.ErrNoSession) {
			if r.Method != http.MethodGet {
				return server.Forbidden("no_session", errors.New("portal: POST without session"))
			}
			http.Redirect(w, r, "/login?return_to="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return nil
		}
		if err != nil {
			return server.Unavailable(err)
		}
		v := Viewer{Session: s}
		if v.User, err = h.Accounts.GetUser(ctx, s.UserID); err != nil {
			return server.Unavailable(err)
		}
		if v.Org, err = h.Accounts.GetOrg(ctx, v.User.OrgID); err != nil {
			return server.Unavailable(err)
		}
		if v.User.Status != account.StatusActive || v.User.PermanentlyLocked || !v.Org.IPAllowed(server.ClientIPFrom(ctx)) {
			_ = h.Sessions.Logout(ctx, w, r)
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return nil
		}
		if v.Roles, err = h.Accounts.UserRoles(ctx, v.User.ID, h.Now()); err != nil {
			return server.Unavailable(err)
		}
		return fn(w, r, v)
	})
}

func (h *Handler) record(ctx context.Context, e audit.Event) { web.Record(ctx, h.Audit, h.Log, e) }
