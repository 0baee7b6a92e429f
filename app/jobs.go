package app

import (
	"context"
	"slices"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
)

// jobInterval is how often serve runs its background jobs.
const jobInterval = time.Minute

// runJobs runs the background jobs of serve until ctx ends: phone swap
// reverts, ending expired sessions, deleting expired tokens, tariff notices
// and budget warnings.
// Every instance runs them; each swap reverts once, each expired session
// ends once, and notices and warnings are marked as sent.
func (a *App) runJobs(ctx context.Context) {
	go a.Swaps.Run(ctx, jobInterval)
	t := time.NewTicker(jobInterval)
	defer t.Stop()
	for {
		a.expireSessions(ctx)
		a.cleanupTokens(ctx)
		a.BillingNotices(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// BillingNotices mails the admins of billing customers about tariffs that
// were entered and budgets that reached 80%, and marks each as sent.
func (a *App) BillingNotices(ctx context.Context) {
	notices, err := a.Billing.PendingNotices(ctx)
	if err != nil {
		a.Log.Error("tariff notices unavailable", "err", err)
	}
	for _, n := range notices {
		data := map[string]any{"Cents": n.CentsPerSegment, "Previous": n.PreviousCents, "From": n.EffectiveFrom}
		if a.mailAdmins(ctx, n.CustomerID, "sms_tariff_notice", data) {
			if err := a.Billing.MarkNoticeSent(ctx, n.ID); err != nil {
				a.Log.Error("tariff notice not marked", "notice", n.ID, "err", err)
			}
		}
	}
	warnings, err := a.Billing.BudgetWarnings(ctx, a.Now())
	if err != nil {
		a.Log.Error("budget warnings unavailable", "err", err)
	}
	for _, w := range warnings {
		data := map[string]any{"Month": w.Month, "Budget": w.BudgetCents, "Spent": w.SpentCents, "Stop": w.StopAtLimit}
		if a.mailAdmins(ctx, w.CustomerID, "sms_budget_warning", data) {
			if err := a.Billing.MarkBudgetWarned(ctx, w.CustomerID, w.Month); err != nil {
				a.Log.Error("budget warning not marked", "customer", w.CustomerID, "err", err)
			}
		}
	}
}

// mailAdmins mails every active org admin of org; it reports whether the
// notice may count as delivered (every mail went out).
func (a *App) mailAdmins(ctx context.Context, orgID, template string, data map[string]any) bool {
	users, err := a.Accounts.ListUsers(ctx, orgID)
	if err != nil {
		a.Log.Error("admins unavailable", "org", orgID, "err", err)
		return false
	}
	ok := true
	for _, u := range users {
		if u.Status != account.StatusActive {
			continue
		}
		roles, err := a.Accounts.UserRoles(ctx, u.ID, a.Now())
		if err != nil {
			a.Log.Error("roles unavailable", "user", u.ID, "err", err)
			return false
		}
		if !slices.ContainsFunc(roles, func(r account.Role) bool { return slices.Contains(r.Rights, account.RightUsersInvite) }) {
			continue
		}
		d := map[string]any{"Name": u.Name}
		for k, v := range data {
			d[k] = v
		}
		if err := a.Mail.Send(ctx, u.Email, template, u.Lang, d); err != nil {
			a.Log.Error("billing notice not mailed", "user", u.ID, "template", template, "err", err)
			ok = false
		}
	}
	return ok
}
