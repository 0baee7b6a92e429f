package portal

import (
	"errors"
	"net/http"
	"strings"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/invite"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
)

// usersPage lists the organisation's users for an org admin, with the
// invitation form.
type usersPage struct {
	OrgName string
	Users   []userRow
	Roles   []account.Role // roles an admin may give: the org's domain roles
	Form    inviteForm
	Error   string // message id
	Notice  string
	Nav
}

type userRow struct {
	ID, Name, Email, Status string
}

type inviteForm struct {
	Name, Email, BirthDate, Role string
}

// requireAdmin refuses viewers without the right to invite.
func requireAdmin(v Viewer) error {
	if !v.Can("users.invite") {
		return server.Forbidden("not_org_admin", errors.New("portal: users page without users.invite"))
	}
	return nil
}

func (h *Handler) showUsers(w http.ResponseWriter, r *http.Request, v Viewer) error {
	if err := requireAdmin(v); err != nil {
		return err
	}
	return h.renderUsers(w, r, v, http.StatusOK, inviteForm{}, "")
}

func (h *Handler) renderUsers(w http.ResponseWriter, r *http.Request, v Viewer, status int, form inviteForm, errID string) error {
	ctx := r.Context()
	users, err := h.Accounts.ListUsers(ctx, v.Org.ID)
	if err != nil {
		return server.Unavailable(err)
	}
	roles, err := h.domainRoles(r, v)
	if err != nil {
		return server.Unavailable(err)
	}
	p := usersPage{OrgName: v.Org.Name, Roles: roles, Form: form, Error: errID, Notice: noticeFrom(r), Nav: NavFor(v)}
	for _, u := range users {
		p.Users = append(p.Users, userRow{ID: u.ID, Name: u.Name, Email: u.Email, Status: string(u.Status)})
	}
	h.record(ctx, audit.Event{ActorID: v.User.ID, Action: "users.listed", TargetType: "org", TargetID: v.Org.ID, OrgID: v.Org.ID, Outcome: "success"})
	return h.Pages.Render(w, r, status, "portal_users", p)
}

// domainRoles lists the roles of the Viewer's organisation's domain.
func (h *Handler) domainRoles(r *http.Request, v Viewer) ([]account.Role, error) {
	all, err := h.Accounts.ListRoles(r.Context())
	if err != nil {
		return nil, err
	}
	var out []account.Role
	for _, role := range all {
		if role.Domain == string(v.Org.Domain) {
			out = append(out, role)
		}
	}
	return out, nil
}

// inviteUser creates an invited user in the admin's own organisation with one
// role of its domain and mails the invitation.
func (h *Handler) inviteUser(w http.ResponseWriter, r *http.Request, v Viewer) error {
	if err := requireAdmin(v); err != nil {
		return err
	}
	ctx := r.Context()
	form := inviteForm{
		Name:      strings.TrimSpace(r.PostFormValue("name")),
		Email:     strings.TrimSpace(r.PostFormValue("email")),
		BirthDate: strings.TrimSpace(r.PostFormValue("birthdate")),
		Role:      r.PostFormValue("role"),
	}
	birth := ""
	if form.BirthDate != "" {
		var ok bool
		if birth, ok = invite.ParseBirthDate(form.BirthDate); !ok {
			return h.renderUsers(w, r, v, http.StatusUnprocessableEntity, form, "invite.form.birthdate_invalid")
		}
	}
	if form.Name == "" {
		return h.renderUsers(w, r, v, http.StatusUnprocessableEntity, form, "invite.form.name_required")
	}
	role, err := h.Accounts.GetRole(ctx, form.Role)
	if err != nil || role.Domain != string(v.Org.Domain) {
		return h.renderUsers(w, r, v, http.StatusUnprocessableEntity, form, "invite.form.role_invalid")
	}
	user, err := h.Accounts.CreateUser(ctx, account.User{
		Email: form.Email, Name: form.Name, OrgID: v.Org.ID, BirthDate: birth, Status: account.StatusInvited, Lang: v.User.Lang,
	}, []string{role.ID})
	switch {
	case errors.Is(err, account.ErrAlreadyExists):
		return h.renderUsers(w, r, v, http.StatusConflict, form, "invite.form.email_taken")
	case errors.Is(err, account.ErrInvalid):
		return h.renderUsers(w, r, v, http.StatusUnprocessableEntity, form, "invite.form.email_invalid")
	case err != nil:
		return server.Unavailable(err)
	}
	h.record(ctx, audit.Event{ActorID: v.User.ID, Action: "user.created", TargetType: "user", TargetID: user.ID, OrgID: v.Org.ID, Outcome: "success"})
	if err := h.Inviter.Invite(ctx, v.User.ID, user); err != nil {
		return server.Unavailable(err)
	}
	http.Redirect(w, r, "/account/users?notice=invited", http.StatusSeeOther)
	return nil
}
