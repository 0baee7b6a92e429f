package app

import (
	"context"

	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/audit"
)

// ExpireSessions ends the sessions whose idle timeout or absolute end has
// passed, so that their relying parties receive a back-channel logout, and
// returns how many this call ended. Each is audited as session.expired (the
// session handle, its organisation and idle or absolute as the reason)
// before it ends; a session whose event cannot be written is left for the
// next run. Every instance runs it: each session is ended once.
func (a *App) ExpireSessions(ctx context.Context) (int, error) {
	return a.Sessions.SweepExpired(ctx, func(ctx context.Context, s session.Session) error {
		return a.Audit.Record(ctx, audit.Event{Action: "session.expired", TargetType: "session", TargetID: s.Handle,
			OrgID: s.OrgID, Outcome: audit.OutcomeSuccess, Reason: s.ExpiryReason()})
	})
}

// expireSessions is the job form of ExpireSessions: one run takes at most
// a job interval (far below the time a claimed session stays claimed), and
// failures (PostgreSQL or Redis down) are logged for the next run to retry.
func (a *App) expireSessions(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, jobInterval)
	defer cancel()
	n, err := a.ExpireSessions(ctx)
	if err != nil {
		a.Log.Error("expired sessions not all ended", "ended", n, "err", err)
	} else if n > 0 {
		a.Log.Info("expired sessions ended", "count", n)
	}
}
