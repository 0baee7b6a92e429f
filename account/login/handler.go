package login

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/password"
	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/server"
)

// Accounts is what the login needs from the account store.
type Accounts interface {
	GetUserByEmail(ctx context.Context, email string) (account.User, error)
	GetUser(ctx context.Context, id string) (account.User, error)
	GetOrg(ctx context.Context, id string) (account.Org, error)
	UpdateUser(ctx context.Context, id string, fn func(account.User) (account.User, error)) (account.User, error)
}

// SecondFactor is the step after the password; every login goes through it.
// It gets the flow with the verified user and answers with a redirect into
// its own pages; those pages call Handler.Complete when the factor is
// verified (or the factor is enrolled).
type SecondFactor interface {
	Begin(w http.ResponseWriter, r *http.Request, fl Flow) error
}

// Handler serves /login, /login/password and /logout.
type Handler struct {
	Accounts Accounts
	Hasher   *password.Hasher
	Sessions *session.Manager
	Flows    *Flows
	Throttle *Throttle
	Devices  *Devices // device cookies (OWASP): trusted browsers are throttled apart
	Pages    web.Renderer
	Audit    web.Auditor
	Mail     web.Mailer
	Log      *slog.Logger
	Now      func() time.Time
	// SecondFactor runs after the password. It is required: without it the
	// login pages answer 503 rather than end a login after the password.
	SecondFactor SecondFactor
}

// Mount registers the handler's routes.
func (h *Handler) Mount(mux *http.ServeMux) {
	mux.Handle("GET /login", server.Handle(h.showLogin))
	mux.Handle("POST /login", server.Handle(h.submitLogin))
	mux.Handle("GET /login/password", server.Handle(h.showChangePassword))
	mux.Handle("POST /login/password", server.Handle(h.submitChangePassword))
	mux.Handle("POST /logout", server.Handle(h.logout))
	mux.Handle("GET /logout", server.Handle(h.showLogout))
}
