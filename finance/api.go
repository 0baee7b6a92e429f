package finance

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/authz"
	"github.com/mijnaccount/mijnaccount/billing"
)

// api is GET /api/v1/reports/sms?month=YYYY-MM[&customer=ID] for machine
// clients: 401 without an active token, 403 without scope reports:sms.
// Accept: text/csv gives CSV, anything else JSON.
func (h *Handler) api(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	client, err := h.Tokens.ClientToken(ctx, r, ScopeReports)
	switch {
	case errors.Is(err, authz.ErrScope):
		w.Header().Set("WWW-Authenticate", `Bearer error="insufficient_scope", scope="`+ScopeReports+`"`)
		apiError(w, http.StatusForbidden, "insufficient_scope")
		return
	case err != nil:
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		apiError(w, http.StatusUnauthorized, "invalid_token")
		return
	}
	month, ok := h.month(r)
	if !ok {
		apiError(w, http.StatusBadRequest, "month must be YYYY-MM")
		return
	}
	rep, err := h.Billing.MonthReport(ctx, month, r.URL.Query().Get("customer"))
	switch {
	case errors.Is(err, billing.ErrInvalid), errors.Is(err, billing.ErrNotFound):
		apiError(w, http.StatusBadRequest, "invalid month or customer")
		return
	case err != nil:
		h.Log.Error("sms report unavailable", "err", err)
		apiError(w, http.StatusServiceUnavailable, "temporarily_unavailable")
		return
	}
	h.record(ctx, audit.Event{ActorID: client, Action: "reports.sms.read", TargetType: "sms_report", TargetID: month,
		Outcome: audit.OutcomeSuccess})
	w.Header().Set("Cache-Control", "no-store")
	if strings.Contains(r.Header.Get("Accept"), "text/csv") {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		_ = billing.WriteCSV(w, rep)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(rep)
}

func apiError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
