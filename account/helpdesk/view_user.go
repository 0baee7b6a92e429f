package helpdesk

import (
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
	Pending                          []pendingView
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

// pendingView is a request waiting for a second helpdesk user: what it
// asks for (the factor, the masked temporary number, the end date), never
// the reason.
type pendingView struct {
	ID, Action, Ticket    string
	Factor, Phone         string
	Until, CreatedAt      time.Time
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
	requests, err := h.Service.PendingFor(ctx, u.ID)
	if err != nil {
		return server.Unavailable(err)
	}
	pending := map[Action]bool{}
	for _, rec := range requests {
		own := rec.ActorID == v.User.ID
		pv := pendingView{ID: rec.ID, Action: string(rec.Action), Ticket: rec.Ticket, Until: rec.Until,
			CreatedAt: rec.CreatedAt, Own: own, CanApprove: sc.Helpdesk && !own && !p.Self,
			CanReject: (sc.Helpdesk || own) && !p.Self}
		if rec.Phone != "" {
			pv.Phone = sms.Mask(rec.Phone)
		}
		for _, f := range p.Factors {
			if f.ID == rec.FactorID {
				pv.Factor = f.Kind
			}
		}
		p.Pending = append(p.Pending, pv)
		pending[rec.Action] = true
	}
	if !p.Self {
		p.CanRemoveFactor = len(factors) > 1 && sc.May(RemoveFactor)
		st := state{user: u, factors: len(factors), sessions: len(sessions), pending: pending, now: now}
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
