package finance

import (
	"context"
	"embed"
	"log/slog"
	"net/http"
	"time"

	"github.com/mijnaccount/mijnaccount/account/portal"
	"github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/billing"
)

// Pages holds the finance pages and their message catalogues.
//
//go:embed pages/*.html i18n/*.json
var Pages embed.FS

// ScopeReports is the scope a machine client needs for the reports API.
const ScopeReports = "reports:sms"

// Tokens checks bearer tokens of machine clients.
type Tokens interface {
	ClientToken(ctx context.Context, r *http.Request, scope string) (clientID string, err error)
}

// Handler serves the reports.
type Handler struct {
	Billing *billing.Service
	Tokens  Tokens
	Portal  *portal.Handler
	Pages   web.Renderer
	Audit   web.Auditor
	Log     *slog.Logger
	Now     func() time.Time
}

// Mount registers the routes.
func (h *Handler) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/reports/sms", h.api)
	mux.Handle("GET /finance/sms", h.Portal.Page(h.page))
	mux.Handle("GET /finance/sms.csv", h.Portal.Page(h.csv))
	mux.Handle("GET /account/sms", h.Portal.Page(h.usage))
}

func (h *Handler) record(ctx context.Context, e audit.Event) { web.Record(ctx, h.Audit, h.Log, e) }

// month reads ?month=YYYY-MM, defaulting to the current billing month.
func (h *Handler) month(r *http.Request) (string, bool) {
	m := r.URL.Query().Get("month")
	if m == "" {
		return billing.MonthOf(h.Now()), true
	}
	if _, _, err := billing.MonthBounds(m); err != nil {
		return "", false
	}
	return m, true
}
