package portal

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/audit"
	tz "github.com/mijnaccount/mijnaccount/internal/amsterdam"
	"github.com/mijnaccount/mijnaccount/server"
)

// standInsPage shows the viewer's temporary roles, the ones they gave, and
// for those who may assign roles the form to give a colleague one.
type standInsPage struct {
	Mine       []standInRow
	Given      []standInRow
	CanGive    bool
	Colleagues []userRow
	Roles      []account.Role
	Form       standInForm
	Error      string
	Notice     string
	Nav
}

type standInRow struct {
	Name, Role   string
	Starts, Ends time.Time
	Active       bool
}

type standInForm struct {
	User, Role, Starts, Ends string
}

// amsterdam is where the dates of a stand-in are calendar days.
var amsterdam = tz.Location

func (h *Handler) showStandIns(w http.ResponseWriter, r *http.Request, v Viewer) error {
	return h.renderStandIns(w, r, v, http.StatusOK, standInForm{}, "")
}

func (h *Handler) renderStandIns(w http.ResponseWriter, r *http.Request, v Viewer, status int, form standInForm, errID string) error {
	ctx := r.Context()
	now := h.Now()
	p := standInsPage{CanGive: v.Can(account.RightRolesAssign), Form: form, Error: errID, Nav: NavFor(v)}
	if r.URL.Query().Get("notice") == "standin_given" {
		p.Notice = "portal.standin.given"
	}
	name := func(id string) string {
		if u, err := h.Accounts.GetUser(ctx, id); err == nil {
			return u.Name
		}
		return ""
	}
	mine, err := h.StandIns.StandInsOf(ctx, v.User.ID, now)
	if err != nil {
		return server.Unavailable(err)
	}
	for _, si := range mine {
		p.Mine = append(p.Mine, standInRow{Name: name(si.GrantedBy), Role: roleName(si.RoleID), Starts: si.Starts, Ends: si.Ends,
			Active: !now.Before(si.Starts)})
	}
	given, err := h.StandIns.StandInsGivenBy(ctx, v.User.ID, now)
	if err != nil {
		return server.Unavailable(err)
	}
	for _, si := range given {
		p.Given = append(p.Given, standInRow{Name: name(si.UserID), Role: roleName(si.RoleID), Starts: si.Starts, Ends: si.Ends,
			Active: !now.Before(si.Starts)})
	}
	if p.CanGive {
		users, err := h.Accounts.ListUsers(ctx, v.Org.ID)
		if err != nil {
			return server.Unavailable(err)
		}
		for _, u := range users {
			if u.ID != v.User.ID && u.Status == account.StatusActive {
				p.Colleagues = append(p.Colleagues, userRow{ID: u.ID, Name: u.Name, Email: u.Email})
			}
		}
		if p.Roles, err = h.domainRoles(r, v); err != nil {
			return server.Unavailable(err)
		}
	}
	return h.Pages.Render(w, r, status, "portal_standins", p)
}

func roleName(id string) string {
	for i := len(id) - 1; i >= 0; i-- {
		if id[i] == '/' {
			return id[i+1:]
		}
	}
	return id
}

// giveStandIn gives a colleague of the same organisation a role of its
// domain for a period. The store refuses a role of another domain.
func (h *Handler) giveStandIn(w http.ResponseWriter, r *http.Request, v Viewer) error {
	if !v.Can(account.RightRolesAssign) {
		return server.Forbidden("no_roles_assign", errors.New("portal: stand-in without roles.assign"))
	}
	ctx := r.Context()
	form := standInForm{User: r.PostFormValue("user"), Role: r.PostFormValue("role"),
		Starts: r.PostFormValue("starts"), Ends: r.PostFormValue("ends")}
	fail := func(id string) error { return h.renderStandIns(w, r, v, http.StatusUnprocessableEntity, form, id) }
	colleague, err := h.Accounts.GetUser(ctx, form.User)
	if err != nil || colleague.OrgID != v.Org.ID || colleague.ID == v.User.ID {
		return fail("portal.standin.user_invalid")
	}
	role, err := h.Accounts.GetRole(ctx, form.Role)
	if err != nil || role.Domain != string(v.Org.Domain) {
		return fail("portal.standin.role_invalid")
	}
	starts, err1 := time.ParseInLocation(time.DateOnly, form.Starts, amsterdam)
	ends, err2 := time.ParseInLocation(time.DateOnly, form.Ends, amsterdam)
	today := h.Now().In(amsterdam).Truncate(24 * time.Hour)
	if err1 != nil || err2 != nil || !ends.After(starts) || starts.Before(today.Add(-24*time.Hour)) || ends.Sub(starts) > account.MaxStandIn {
		return fail("portal.standin.period_invalid")
	}
	err = h.Accounts.AssignRole(ctx, colleague.ID, role.ID, starts.UTC(), ends.UTC(), v.User.ID)
	switch {
	case errors.Is(err, account.ErrAlreadyExists):
		return fail("portal.standin.exists")
	case errors.Is(err, account.ErrCrossDomain), errors.Is(err, account.ErrInvalid):
		return fail("portal.standin.role_invalid")
	case err != nil:
		return server.Unavailable(err)
	}
	h.record(ctx, audit.Event{ActorID: v.User.ID, Action: "role.standin_given", TargetType: "user", TargetID: colleague.ID,
		OrgID: v.Org.ID, Outcome: audit.OutcomeSuccess, Reason: strings.ReplaceAll(role.ID, "/", ":")})
	http.Redirect(w, r, "/account/standins?notice=standin_given", http.StatusSeeOther)
	return nil
}
