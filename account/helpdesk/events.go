package helpdesk

import (
	"context"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/audit"
)

// Bounds on the security events the user page shows.
const (
	EventWindow = 30 * 24 * time.Hour
	MaxEvents   = 20
)

// securityPrefixes are the audit actions that count as security events.
var securityPrefixes = []string{"login.", "mfa.", "session.", "password.", "user.", "invitation.", "helpdesk."}

type eventRow struct {
	At      time.Time
	Action  string // the audit action, e.g. "login.failed"
	Outcome string
	ByOther bool // done by someone else than the user (helpdesk, admin, operator)
}

// recentEvents returns the newest security events by or about the user in
// the last EventWindow, newest first. Views of the user's page are left out.
func (h *Handler) recentEvents(ctx context.Context, userID string) ([]eventRow, error) {
	var ring []eventRow
	err := h.Events.Iterate(ctx, h.Now().Add(-EventWindow), func(e audit.Event) error {
		if e.TargetID != userID && e.ActorID != userID {
			return nil
		}
		if e.Action == "helpdesk.user_viewed" || !security(e.Action) {
			return nil
		}
		ring = append(ring, eventRow{At: e.Time, Action: e.Action, Outcome: string(e.Outcome), ByOther: e.ActorID != userID && e.ActorID != ""})
		if len(ring) > MaxEvents {
			ring = ring[1:]
		}
		return nil
	})
	for i, j := 0, len(ring)-1; i < j; i, j = i+1, j-1 {
		ring[i], ring[j] = ring[j], ring[i]
	}
	return ring, err
}

func security(action string) bool {
	for _, p := range securityPrefixes {
		if strings.HasPrefix(action, p) {
			return true
		}
	}
	return false
}
