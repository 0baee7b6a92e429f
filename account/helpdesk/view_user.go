package helpdesk

import (
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/mijnaccount/mijnaccount/account/login"
	"github.com/mijnaccount/mijnaccount/account/portal"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/server"
)

// userPage shows one user: never a secret, a full phone number or a reason.
type userPage struct {
	ID, Name, Email, OrgName, Status string
	Lock                             string // "", "temporary" or "permanent"
	LockedUntil, LastLogin, Created  time.Time
	FailedLogins                     int
	Factors                          []factorRow
	HasRecovery                      bool
	CanRemoveFactor                  bool
	Sessions                         []sessionRow
	EventsShown                      bool
	Events                           []eventRow
	Pending                          *pendingView
	FourEyes                         bool
	Actions                          []actionLink
	Self                             bool // the viewer's own account: no actions here
	portal.Nav
}

type factorRow struct {
	ID, Kind, Name, Detail string
	Default                bool
	CreatedAt, LastUsedAt  time.Time
}

type sessionRow struct {
	Device            string
	Started, LastSeen time.Time
}

type pendingView struct {
	ID, Ticket            string
	CreatedAt             time.Time
	Own                   bool // asked by the viewer
	CanApprove, CanReject bool
}

type actionLink struct {
	Action string
	Danger bool
}

func (h *Handler) showUser(w http.ResponseWriter, r *http.Request, v portal.Viewer, sc Scope) error {
	ctx := r.Context()
	u, err := h.target(r, v, sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	org, err := h.Service.Accounts.GetOrg(ctx, u.OrgID)
	if err != nil {
		return server.Unavailable(err)
	}
	now := h.Now()
	p := userPage{ID: u.ID, Name: u.Name, Email: u.Email, OrgName: org.Name, Status: string(u.Status),
		LockedUntil: u.LockedUntil, LastLogin: u.LastLoginAt, Created: u.CreatedAt, FailedLogins: u.FailedLogins,
		FourEyes: org.FourEyesFactorReset, Self: u.ID == v.User.ID, Nav: portal.NavFor(v)}
	switch {
	case u.PermanentlyLocked:
		p.Lock = "permanent"
	case now.Before(u.LockedUntil):
		p.Lock = "temporary"
	case u.FailedLogins >= login.UntrustedLimit:
		p.Lock = "new_devices"
	}
	factors, err := h.Service.Factors.ListFactors(ctx, u.ID)
	if err != nil {
		return server.Unavailable(err)
	}
	for _, f := range factors {
		row := factorRow{ID: f.ID, Kind: f.Kind, Name: f.Name, Default: f.Default, CreatedAt: f.CreatedAt, LastUsedAt: f.LastUsedAt}
		if f.Kind == mfa.KindSMS {
			row.Detail = sms.Mask(f.Secret)
		}
		p.Factors = append(p.Factors, row)
	}
	if p.HasRecovery, err = h.Service.Factors.HasRecoveryCode(ctx, u.ID); err != nil {
		return server.Unavailable(err)
	}
	sessions, err := h.Service.Sessions.List(ctx, u.ID)
	if err != nil {
		return server.Unavailable(err)
	}
	for _, s := range sessions {
		p.Sessions = append(p.Sessions, sessionRow{Device: s.Device, Started: s.CreatedAt, LastSeen: s.LastSeen})
	}
	if h.Events != nil && sc.Helpdesk {
		if p.Events, err = h.recentEvents(ctx, u.ID); err != nil {
			return server.Unavailable(err)
		}
		p.EventsShown = true
	}
	rec, err := h.Service.PendingReset(ctx, u.ID)
	switch {
	case err == nil:
		own := rec.ActorID == v.User.ID
		p.Pending = &pendingView{ID: rec.ID, Ticket: rec.Ticket, CreatedAt: rec.CreatedAt, Own: own,
			CanApprove: sc.Helpdesk && !own && !p.Self, CanReject: (sc.Helpdesk || own) && !p.Self}
	case !errors.Is(err, ErrNoRequest):
		return server.Unavailable(err)
	}
	if !p.Self {
		p.CanRemoveFactor = len(factors) > 1 && sc.May(RemoveFactor)
		st := state{user: u, factors: len(factors), sessions: len(sessions), pending: p.Pending != nil, now: now}
		if h.Service.Swaps != nil {
			if st.swap, err = (swapRunning{h.Service.Swaps}).Running(ctx, u.ID); err != nil {
				return server.Unavailable(err)
			}
			st.hasSMS = slices.ContainsFunc(factors, func(f mfa.Factor) bool { return f.Kind == mfa.KindSMS }) && h.Service.Codes != nil
		}
		for _, a := range pageOrder {
			if sp := specs[a]; sp.offered != nil && sp.offered(st) && sc.May(a) {
				p.Actions = append(p.Actions, actionLink{Action: string(a), Danger: sp.danger})
			}
		}
	}
	h.record(ctx, audit.Event{ActorID: v.User.ID, Action: "helpdesk.user_viewed", TargetType: "user",
		TargetID: u.ID, OrgID: u.OrgID, Outcome: audit.OutcomeSuccess})
	return h.Pages.Render(w, r, http.StatusOK, "helpdesk_user", p)
}
