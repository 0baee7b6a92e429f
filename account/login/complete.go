package login

import (
	"context"
	"net/http"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
)

// Complete ends a flow whose steps are all done: it starts the session (a new
// id; any earlier session of this browser ends), records the login and sends
// the browser back where the login began. A factor step calls it after
// appending its method to fl.AMR.
func (h *Handler) Complete(w http.ResponseWriter, r *http.Request, fl Flow, acr string) error {
	ctx := r.Context()
	user, err := h.Accounts.GetUser(ctx, fl.UserID)
	if err != nil {
		return server.Unavailable(err)
	}
	org, err := h.Accounts.GetOrg(ctx, user.OrgID)
	if err != nil {
		return server.Unavailable(err)
	}
	if user.Status != account.StatusActive || user.PermanentlyLocked {
		// Blocked while logging in: end quietly with the generic answer.
		_ = h.Flows.Finish(ctx, w, fl)
		return h.Pages.Render(w, r, http.StatusOK, "login", loginPage{Error: "login.failed"})
	}
	ip := server.ClientIPFrom(ctx)
	s, err := h.Sessions.Start(ctx, w, r, session.Session{
		UserID: user.ID, OrgID: org.ID, AMR: fl.AMR, ACR: acr, AuthTime: h.Now().UTC(),
		StayLoggedIn: fl.Stay, Device: session.Device(r.UserAgent()), Network: session.Network(ip),
	}, session.Policy{Idle: org.SessionIdle, Absolute: org.SessionAbsolute, StayLoggedIn: org.StayLoggedIn})
	if err != nil {
		return server.Unavailable(err)
	}
	// "Stay logged in" keeps the address for the next login on this
	// browser; a login without it forgets the address.
	if fl.Stay {
		if err := h.Sessions.Remember(w, r, user.Email); err != nil {
			return server.Unavailable(err)
		}
	} else {
		h.Sessions.Forget(w, r)
	}
	now := h.Now().UTC()
	if _, err := h.Accounts.UpdateUser(ctx, user.ID, func(u account.User) (account.User, error) {
		// NIST SP 800-63B §5.2.2: a success resets the consecutive failures.
		u.FailedLogins, u.FactorFailures, u.LastLoginAt = 0, 0, now
		return u, nil
	}); err != nil {
		return server.Unavailable(err)
	}
	// The browser has now logged in fully (password and second factor): it
	// gets a fresh device cookie for this account.
	h.Devices.Issue(w, user.ID)
	h.audit(r, audit.Event{ActorID: user.ID, Action: "login.succeeded", TargetType: "session", TargetID: s.Handle, OrgID: org.ID, Outcome: "success"})
	if err := h.Flows.Finish(ctx, w, fl); err != nil {
		return server.Unavailable(err)
	}
	http.Redirect(w, r, fl.ReturnTo, http.StatusSeeOther)
	return nil
}

// audit records e; a failure to record is logged (the recorder does) and the
// request goes on, except where callers must fail closed and check it.
func (h *Handler) audit(r *http.Request, e audit.Event) { h.auditCtx(r.Context(), e) }

func (h *Handler) auditCtx(ctx context.Context, e audit.Event) { web.Record(ctx, h.Audit, h.Log, e) }
