package helpdesk

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/portal"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
)

// indexPage is the console's start: the search form and, for the helpdesk,
// the requests waiting for a second helpdesk user.
type indexPage struct {
	Query    string
	NotFound bool
	Helpdesk bool
	Pending  []pendingRow
	portal.Nav
}

type pendingRow struct {
	UserID, UserName, UserEmail string
	Action, Ticket              string
	CreatedAt                   time.Time
	Own                         bool // asked by the viewer
}

func (h *Handler) showIndex(w http.ResponseWriter, r *http.Request, v portal.Viewer, sc Scope) error {
	return h.renderIndex(w, r, v, sc, http.StatusOK, indexPage{})
}

func (h *Handler) renderIndex(w http.ResponseWriter, r *http.Request, v portal.Viewer, sc Scope, status int, p indexPage) error {
	p.Helpdesk, p.Nav = sc.Helpdesk, portal.NavFor(v)
	if sc.Helpdesk {
		ctx := r.Context()
		pending, err := h.Service.ListPending(ctx)
		if err != nil {
			return server.Unavailable(err)
		}
		for _, rec := range pending {
			if !sc.Contains(rec.OrgID) {
				continue
			}
			u, err := h.Service.Accounts.GetUser(ctx, rec.UserID)
			if err != nil {
				continue // removed meanwhile
			}
			p.Pending = append(p.Pending, pendingRow{UserID: u.ID, UserName: u.Name, UserEmail: u.Email,
				Action: string(rec.Action), Ticket: rec.Ticket, CreatedAt: rec.CreatedAt, Own: rec.ActorID == v.User.ID})
		}
	}
	return h.Pages.Render(w, r, status, "helpdesk_index", p)
}

// search finds one user by exact email address or id. The query travels in
// the form body, not the URL, so addresses stay out of access logs. A user
// outside the scope is answered exactly as an unknown one.
func (h *Handler) search(w http.ResponseWriter, r *http.Request, v portal.Viewer, sc Scope) error {
	ctx := r.Context()
	q := strings.TrimSpace(r.PostFormValue("q"))
	if q == "" || len(q) > account.MaxEmail {
		return h.renderIndex(w, r, v, sc, http.StatusUnprocessableEntity, indexPage{Query: q, NotFound: q != ""})
	}
	var (
		u   account.User
		err error
	)
	if strings.Contains(q, "@") {
		u, err = h.Service.Accounts.GetUserByEmail(ctx, q)
	} else {
		u, err = h.Service.Accounts.GetUser(ctx, strings.ToLower(q))
	}
	if err != nil && !errors.Is(err, account.ErrNotFound) {
		return server.Unavailable(err)
	}
	if err == nil && !sc.Contains(u.OrgID) {
		h.record(ctx, audit.Event{ActorID: v.User.ID, Action: "helpdesk.user_viewed", TargetType: "user",
			TargetID: u.ID, OrgID: u.OrgID, Outcome: audit.OutcomeDenied})
		err = errNotInScope
	}
	if err != nil {
		return h.renderIndex(w, r, v, sc, http.StatusNotFound, indexPage{Query: q, NotFound: true})
	}
	http.Redirect(w, r, "/helpdesk/users/"+url.PathEscape(u.ID), http.StatusSeeOther)
	return nil
}
