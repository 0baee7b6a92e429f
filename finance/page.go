package finance

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/portal"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/billing"
	"github.com/mijnaccount/mijnaccount/server"
)

// chartMonths is how many months the bar chart shows.
const chartMonths = 12

// reportPage is the finance page.
type reportPage struct {
	Month    string
	Customer string
	Report   billing.Report
	Chart    chart
	portal.Nav
}

func (h *Handler) report(r *http.Request, v portal.Viewer) (billing.Report, string, error) {
	if !v.Can(account.RightReportsSMSView) {
		return billing.Report{}, "", server.NotFound("report", errors.New("finance: viewer without reports.sms.view"))
	}
	month, ok := h.month(r)
	if !ok {
		return billing.Report{}, "", server.BadRequest("month", "month must be YYYY-MM", errors.New("finance: bad month"))
	}
	rep, err := h.Billing.MonthReport(r.Context(), month, r.URL.Query().Get("customer"))
	if errors.Is(err, billing.ErrInvalid) || errors.Is(err, billing.ErrNotFound) {
		return billing.Report{}, "", server.BadRequest("report", "unknown month or customer", err)
	}
	if err != nil {
		return billing.Report{}, "", server.Unavailable(err)
	}
	h.record(r.Context(), audit.Event{ActorID: v.User.ID, Action: "reports.sms.read", TargetType: "sms_report", TargetID: month,
		OrgID: v.Org.ID, Outcome: audit.OutcomeSuccess})
	return rep, month, nil
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request, v portal.Viewer) error {
	rep, month, err := h.report(r, v)
	if err != nil {
		return err
	}
	customer := r.URL.Query().Get("customer")
	totals, err := h.Billing.MonthlyTotals(r.Context(), customer, chartMonths)
	if err != nil {
		return server.Unavailable(err)
	}
	return h.Pages.Render(w, r, http.StatusOK, "finance_sms", reportPage{Month: month, Customer: customer, Report: rep,
		Chart: barChart(totals), Nav: portal.NavFor(v)})
}

func (h *Handler) csv(w http.ResponseWriter, r *http.Request, v portal.Viewer) error {
	rep, month, err := h.report(r, v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="sms-%s.csv"`, strings.ReplaceAll(month, "/", "")))
	w.Header().Set("Cache-Control", "no-store")
	return billing.WriteCSV(w, rep)
}
