package helpdesk

import (
	"context"
	"embed"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/portal"
	"github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
	"github.com/mijnaccount/mijnaccount/storage"
)

// Pages holds the console's page templates and message catalogues.
//
//go:embed pages/*.html i18n/*.json
var Pages embed.FS

// Pager gives portal pages a logged-in viewer (portal.Handler).
type Pager interface {
	Page(fn portal.PageFunc) http.Handler
}

// Reauth asks for a fresh second factor (secondfactor.Handler).
type Reauth interface {
	// Recent reports whether the viewer proved a factor in the last minutes.
	Recent(v portal.Viewer) bool
	// StartReauth sends the viewer through the factor challenge and then
	// to returnTo.
	StartReauth(w http.ResponseWriter, r *http.Request, v portal.Viewer, returnTo string) error
}

// EventReader reads the audit trail (audit.Store).
type EventReader interface {
	Iterate(ctx context.Context, since time.Time, fn func(audit.Event) error) error
}

// Handler serves the console pages.
type Handler struct {
	Portal  Pager
	Reauth  Reauth
	Service *Service
	// Events, when set, lets the user page show the user's recent security
	// events; without it the page says they are not available here.
	Events EventReader
	// KV keeps an action asked for while the viewer proves their factor again.
	KV storage.KV
	// PlatformOrgIDs are the organisations whose helpdesk serves every
	// organisation.
	PlatformOrgIDs []string
	Pages          web.Renderer
	Audit          web.Auditor
	Log            *slog.Logger
	Now            func() time.Time
}

// Mount registers the console's routes.
func (h *Handler) Mount(mux *http.ServeMux) {
	mux.Handle("GET /helpdesk", h.console(h.showIndex))
	mux.Handle("POST /helpdesk/search", h.console(h.search))
	mux.Handle("GET /helpdesk/users/{id}", h.console(h.showUser))
	mux.Handle("GET /helpdesk/users/{id}/{action}", h.console(h.showAction))
	mux.Handle("POST /helpdesk/users/{id}/{action}", h.console(h.submitAction))
	mux.Handle("GET /helpdesk/resume/{draft}", h.console(h.resume))
}

// consoleFunc serves a console page for a viewer with a scope.
type consoleFunc func(w http.ResponseWriter, r *http.Request, v portal.Viewer, sc Scope) error

// console runs fn for viewers who may use the console: the helpdesk and org
// admins. Others get 403.
func (h *Handler) console(fn consoleFunc) http.Handler {
	return h.Portal.Page(func(w http.ResponseWriter, r *http.Request, v portal.Viewer) error {
		sc, ok, err := ScopeOf(r.Context(), h.Service.Accounts, h.PlatformOrgIDs, v)
		if err != nil {
			return server.Unavailable(err)
		}
		if !ok {
			return server.Forbidden("not_helpdesk", errors.New("helpdesk: viewer holds no helpdesk or org-admin right"))
		}
		w.Header().Set("Cache-Control", "no-store")
		return fn(w, r, v, sc)
	})
}

// errNotInScope is the one answer for a user that does not exist and for one
// outside the viewer's scope.
var errNotInScope = errors.New("helpdesk: no such user in scope")

// target loads the user with id when it lies in sc; otherwise the answer is
// a 404 that does not tell a missing user from one outside the scope.
func (h *Handler) target(r *http.Request, v portal.Viewer, sc Scope, id string) (account.User, error) {
	ctx := r.Context()
	u, err := h.Service.Accounts.GetUser(ctx, id)
	switch {
	case errors.Is(err, account.ErrNotFound):
		return account.User{}, server.NotFound("user_not_found", errNotInScope)
	case err != nil:
		return account.User{}, server.Unavailable(err)
	case !sc.Contains(u.OrgID):
		h.record(ctx, audit.Event{ActorID: v.User.ID, Action: "helpdesk.user_viewed", TargetType: "user",
			TargetID: u.ID, OrgID: u.OrgID, Outcome: audit.OutcomeDenied})
		return account.User{}, server.NotFound("user_not_found", errNotInScope)
	}
	return u, nil
}

func (h *Handler) record(ctx context.Context, e audit.Event) { web.Record(ctx, h.Audit, h.Log, e) }
