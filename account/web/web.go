// Package web holds what the account's browser flows (login, invite,
// portal) share: the narrow interfaces of their dependencies, the generic
// message page, and audit recording that logs instead of failing the page.
//
// It must not hold flow logic.
package web

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/mijnaccount/mijnaccount/audit"
)

// Renderer renders a page of the site layout.
type Renderer interface {
	Render(w http.ResponseWriter, r *http.Request, status int, page string, data any) error
}

// Auditor records audit events (the app fills in request id and IP hash).
type Auditor interface {
	Record(ctx context.Context, e audit.Event) error
}

// Mailer sends a templated mail in the recipient's language.
type Mailer interface {
	Send(ctx context.Context, to, template, lang string, data map[string]any) error
}

// MessagePage is the data of the generic "message" page; the texts are
// message ids.
type MessagePage struct {
	Title, Body, Link, LinkText string
}

// Record writes e to the audit trail; a failure is logged (without personal
// data) and the request goes on.
func Record(ctx context.Context, a Auditor, log *slog.Logger, e audit.Event) {
	if err := a.Record(ctx, e); err != nil {
		log.Error("audit event not recorded", "action", e.Action, "err", err)
	}
}
