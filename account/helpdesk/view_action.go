package helpdesk

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/portal"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/phoneswap"
	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/server"
)

// actionPage confirms one action: what it does, the reason (required) and
// the ticket reference (optional).
type actionPage struct {
	UserID, UserName, UserEmail string
	Action                      string
	Danger                      bool
	FourEyes                    bool // the action becomes a request
	FactorID, FactorKind        string
	FactorName, FactorDetail    string
	// A decision (approve, reject) shows the request as it was asked for:
	// its action, factor, masked temporary number and end date. The form
	// carries only the request's id.
	RequestID, Requested string
	RequestedBy          bool // the request is the viewer's own
	RequestPhone         string
	RequestUntil         time.Time
	Reason, Ticket       string
	Errors               []string // message ids
	Refused              bool     // the action cannot go ahead: no form
	refusedWith          int      // the status of a refusal; 403 when 0
	Recent               bool     // no factor question before the action
	// Temporary number (start-swap): the number, the optional end date
	// (YYYY-MM-DD) and whether the code has been sent to it.
	WithSwap     bool
	Phone, Until string
	CodeSent     bool
	MaxUntil     string
	code         string
	until        time.Time
	portal.Nav
}

// prepare checks that the viewer may do action on the user (in scope, not
// themselves, with the right) and that the factor or request it names
// exists, and returns the page.
func (h *Handler) prepare(r *http.Request, v portal.Viewer, sc Scope, userID string, a Action, factorID, requestID string) (actionPage, account.User, error) {
	ctx := r.Context()
	if !Known(a) {
		return actionPage{}, account.User{}, server.NotFound("action_not_found", ErrUnknownAction)
	}
	u, err := h.target(r, v, sc, userID)
	if err != nil {
		return actionPage{}, account.User{}, err
	}
	if u.ID == v.User.ID {
		h.denied(r, v, u, a, "")
		return actionPage{}, account.User{}, server.Forbidden("own_account", ErrSelf)
	}
	if !sc.May(a) {
		return actionPage{}, account.User{}, server.Forbidden("not_allowed", ErrNotAllowed)
	}
	sp := specs[a]
	p := actionPage{UserID: u.ID, UserName: u.Name, UserEmail: u.Email, Action: string(a), Danger: sp.danger,
		Recent: h.Reauth.Recent(v), WithSwap: sp.withSwap, Nav: portal.NavFor(v),
		MaxUntil: h.Service.Now().Add(phoneswap.MaxDuration).Format(time.DateOnly)}
	if sp.withRequest {
		rec, err := h.Service.liveRequest(ctx, u, requestID)
		if errors.Is(err, ErrNoRequest) {
			return actionPage{}, account.User{}, server.NotFound("request_not_found", ErrNoRequest)
		}
		if err != nil {
			return actionPage{}, account.User{}, server.Unavailable(err)
		}
		p.RequestID, p.Requested, p.RequestedBy = rec.ID, string(rec.Action), rec.ActorID == v.User.ID
		p.RequestUntil, factorID = rec.Until, rec.FactorID
		if rec.Phone != "" {
			p.RequestPhone = sms.Mask(rec.Phone)
		}
		if a == Approve && p.RequestedBy {
			p.Errors, p.Refused = []string{"helpdesk.error.own_request"}, true
			h.denied(r, v, u, a, rec.Action)
		}
	}
	if sp.withFactor || factorID != "" {
		if err := h.describeFactor(r, u, factorID, &p); err != nil && (sp.withFactor || !errors.Is(err, mfa.ErrNotFound)) {
			return actionPage{}, account.User{}, err
		}
	}
	if sp.fourEyes {
		org, err := h.Service.Accounts.GetOrg(ctx, u.OrgID)
		if err != nil {
			return actionPage{}, account.User{}, server.Unavailable(err)
		}
		p.FourEyes = org.FourEyesFactorReset
		if p.FourEyes {
			// One request per user and action: refuse before a code is
			// texted for a request that cannot be stored.
			_, err := h.Service.Store.Pending(ctx, u.ID, a, h.Service.ttl())
			switch {
			case err == nil:
				p.Errors, p.Refused, p.refusedWith = []string{"helpdesk.error.already_pending"}, true, http.StatusConflict
			case !errors.Is(err, ErrNoRequest):
				return actionPage{}, account.User{}, server.Unavailable(err)
			}
		}
	}
	return p, u, nil
}

func (p actionPage) refusedStatus() int {
	if p.refusedWith != 0 {
		return p.refusedWith
	}
	return http.StatusForbidden
}

// describeFactor fills the page with the user's factor id; a factor the
// user does not have is a 404 (mfa.ErrNotFound inside).
func (h *Handler) describeFactor(r *http.Request, u account.User, factorID string, p *actionPage) error {
	factors, err := h.Service.Factors.ListFactors(r.Context(), u.ID)
	if err != nil {
		return server.Unavailable(err)
	}
	for _, f := range factors {
		if f.ID == factorID {
			p.FactorID, p.FactorKind, p.FactorName = f.ID, f.Kind, f.Name
			if f.Kind == mfa.KindSMS {
				p.FactorDetail = sms.Mask(f.Secret)
			}
			return nil
		}
	}
	return server.NotFound("factor_not_found", mfa.ErrNotFound)
}

func (h *Handler) showAction(w http.ResponseWriter, r *http.Request, v portal.Viewer, sc Scope) error {
	p, _, err := h.prepare(r, v, sc, r.PathValue("id"), Action(r.PathValue("action")),
		r.URL.Query().Get("factor"), r.URL.Query().Get("request"))
	if err != nil {
		return err
	}
	status := http.StatusOK
	if p.Refused {
		status = p.refusedStatus()
	}
	return h.Pages.Render(w, r, status, "helpdesk_action", p)
}

// submitAction checks the reason and ticket, then carries the action out —
// after a detour through the factor challenge when the viewer's last proof
// is older than a few minutes.
func (h *Handler) submitAction(w http.ResponseWriter, r *http.Request, v portal.Viewer, sc Scope) error {
	p, _, err := h.prepare(r, v, sc, r.PathValue("id"), Action(r.PathValue("action")),
		r.PostFormValue("factor"), r.PostFormValue("request"))
	if err != nil {
		return err
	}
	p.Reason, p.Ticket = r.PostFormValue("reason"), r.PostFormValue("ticket")
	if p.Refused {
		return h.Pages.Render(w, r, p.refusedStatus(), "helpdesk_action", p)
	}
	if _, _, err := CheckInput(p.Reason, p.Ticket); err != nil {
		for _, ie := range InputErrors(err) {
			p.Errors = append(p.Errors, ie.Message)
		}
		return h.Pages.Render(w, r, http.StatusUnprocessableEntity, "helpdesk_action", p)
	}
	if p.WithSwap {
		if done, err := h.swapStep(w, r, v, &p); done || err != nil {
			return err
		}
	}
	if !h.Reauth.Recent(v) {
		return h.deferUntilReauth(w, r, v, p)
	}
	return h.perform(w, r, v, sc, p)
}

// denied audits an attempt to carry out an action the rules refuse (on the
// viewer's own account, or approving their own request of action
// requested); showing the page is not an attempt.
func (h *Handler) denied(r *http.Request, v portal.Viewer, u account.User, a, requested Action) {
	if r.Method != http.MethodPost && !strings.HasPrefix(r.URL.Path, "/helpdesk/resume/") {
		return
	}
	name := specs[a].audit
	if requested != "" {
		name, _ = decisionNames(a, requested)
	}
	if name == "" {
		name = "helpdesk." + strings.ReplaceAll(string(a), "-", "_")
	}
	h.record(r.Context(), audit.Event{ActorID: v.User.ID, Action: name, TargetType: "user",
		TargetID: u.ID, OrgID: u.OrgID, Outcome: audit.OutcomeDenied})
}
