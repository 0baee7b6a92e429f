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
	mux.Handle("GET /account", h.page(h.showProfile))
	mux.Handle("GET /account/password", h.page(h.showPassword))
	mux.Handle("POST /account/password", h.page(h.submitPassword))
	mux.Handle("GET /account/sessions", h.page(h.showSessions))
	mux.Handle("POST /account/sessions/revoke", h.page(h.revokeSession))
	mux.Handle("POST /account/sessions/revoke-others", h.page(h.revokeOthers))
	mux.Handle("POST /account/sessions/revoke-all", h.page(h.revokeAll))
	mux.Handle("GET /account/users", h.page(h.showUsers))
	mux.Handle("POST /account/users/invite", h.page(h.inviteUser))
}

// viewer is the logged-in user of a portal request.
type viewer struct {
	Session session.Session
	User    account.User
	Org     account.Org
	Roles   []account.Role
}

// can reports whether the viewer holds a platform right.
func (v viewer) can(right string) bool {
	for _, r := range v.Roles {
		for _, got := range r.Rights {
			if got == right {
				return true
			}
		}
	}
	return false
}

type pageFunc func(w http.ResponseWriter, r *http.Request, v viewer) error

// page loads the viewer or sends the browser to the login. A session whose
// user was blocked, or that is used from outside the organisation's allowed
// networks, is ended.
func (h *Handler) page(fn pageFunc) http.Handler {
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
		v := viewer{Session: s}
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
