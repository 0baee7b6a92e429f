package finance

import (
	"errors"
	"net/http"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/portal"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/billing"
	"github.com/mijnaccount/mijnaccount/server"
)

// usagePage is an org admin's view of their own organisation's SMS usage:
// this month and last month, and what moving to the app or a key saves.
type usagePage struct {
	OrgName string
	Months  []orgMonth
	portal.Nav
}

type orgMonth struct {
	Month  string
	Totals billing.Totals
}

// ownOrg finds the organisation's line in a customer report.
func ownOrg(rep billing.Report, orgID string) billing.Totals {
	for _, c := range rep.Customers {
		for _, o := range c.Orgs {
			if o.OrgID == orgID {
				return o.Total
			}
		}
	}
	return billing.Totals{}
}

func (h *Handler) usage(w http.ResponseWriter, r *http.Request, v portal.Viewer) error {
	if !v.Can(account.RightUsersInvite) {
		return server.NotFound("usage", errors.New("finance: usage without users.invite"))
	}
	customer, err := h.Billing.Accounts.BillingCustomerOf(r.Context(), v.Org.ID)
	if err != nil {
		return server.Unavailable(err)
	}
	p := usagePage{OrgName: v.Org.Name, Nav: portal.NavFor(v)}
	now := h.Now()
	for _, at := range []time.Time{now, now.AddDate(0, -1, 0)} {
		month := billing.MonthOf(at)
		rep, err := h.Billing.MonthReport(r.Context(), month, customer.ID)
		if err != nil {
			return server.Unavailable(err)
		}
		t := ownOrg(rep, v.Org.ID)
		p.Months = append(p.Months, orgMonth{Month: month, Totals: t})
	}
	h.record(r.Context(), audit.Event{ActorID: v.User.ID, Action: "reports.sms.org_read", TargetType: "org", TargetID: v.Org.ID,
		OrgID: v.Org.ID, Outcome: audit.OutcomeSuccess})
	return h.Pages.Render(w, r, http.StatusOK, "finance_usage", p)
}
