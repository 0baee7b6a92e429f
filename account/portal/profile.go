package portal

import (
	"net/http"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/password"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
)

// profilePage shows who is logged in.
type profilePage struct {
	Name, Email, OrgName, Domain string
	Roles                        []string
	LastLogin                    time.Time
	Notice                       string // message id
	Nav
}

// Nav is what every portal page needs for its navigation.
// Nav is what the portal's tab bar needs; pages embed it.
type Nav struct {
	IsAdmin    bool
	IsHelpdesk bool // the helpdesk console's tab (texts in account/helpdesk)
	IsFinance  bool // the SMS usage report's tab (texts in finance)
}

// NavFor returns the tab bar of v.
func NavFor(v Viewer) Nav {
	return Nav{IsAdmin: v.Can("users.invite"), IsHelpdesk: v.Can("helpdesk.act"), IsFinance: v.Can("reports.sms.view")}
}

func (h *Handler) showProfile(w http.ResponseWriter, r *http.Request, v Viewer) error {
	p := profilePage{Name: v.User.Name, Email: v.User.Email, OrgName: v.Org.Name, Domain: string(v.Org.Domain),
		LastLogin: v.User.LastLoginAt, Notice: noticeFrom(r), Nav: NavFor(v)}
	for _, role := range v.Roles {
		p.Roles = append(p.Roles, role.Name)
	}
	return h.Pages.Render(w, r, http.StatusOK, "portal_profile", p)
}

// noticeFrom reads a known notice id from the query (after a redirect).
func noticeFrom(r *http.Request) string {
	switch n := r.URL.Query().Get("notice"); n {
	case "password_changed", "sessions_revoked", "session_revoked", "invited":
		return "portal.notice." + n
	}
	return ""
}

// passwordPage is the change-password form.
type passwordPage struct {
	Errors []password.Message
	Nav
}

func (h *Handler) showPassword(w http.ResponseWriter, r *http.Request, v Viewer) error {
	return h.Pages.Render(w, r, http.StatusOK, "portal_password", passwordPage{Nav: NavFor(v)})
}

// submitPassword changes the password after checking the current one; other
// sessions end, the user is told by mail.
func (h *Handler) submitPassword(w http.ResponseWriter, r *http.Request, v Viewer) error {
	ctx := r.Context()
	current := r.PostFormValue("current_password")
	ok, _, err := h.Hasher.Verify(current, v.User.PasswordHash)
	if err != nil || !ok {
		h.record(ctx, audit.Event{ActorID: v.User.ID, Action: "password.change_failed", TargetType: "user", TargetID: v.User.ID, OrgID: v.Org.ID, Outcome: "failure"})
		return h.Pages.Render(w, r, http.StatusUnprocessableEntity, "portal_password", passwordPage{Errors: []password.Message{{ID: "password.current_wrong"}}, Nav: NavFor(v)})
	}
	pw := r.PostFormValue("new_password")
	if problems := v.Org.CheckNewPassword(v.User.Email, pw, r.PostFormValue("repeat_password")); len(problems) > 0 {
		return h.Pages.Render(w, r, http.StatusUnprocessableEntity, "portal_password", passwordPage{Errors: problems, Nav: NavFor(v)})
	}
	hash, err := h.Hasher.Hash(pw)
	if err != nil {
		return err
	}
	now := h.Now().UTC()
	if _, err := h.Accounts.UpdateUser(ctx, v.User.ID, func(u account.User) (account.User, error) {
		u.PasswordHash, u.PasswordChangedAt, u.MustChangePassword = hash, now, false
		return u, nil
	}); err != nil {
		return server.Unavailable(err)
	}
	if _, err := h.Sessions.RevokeAll(ctx, v.User.ID, v.Session.Handle); err != nil {
		return server.Unavailable(err)
	}
	if err := h.Mail.Send(ctx, v.User.Email, "password_changed", v.User.Lang, map[string]any{"Name": v.User.Name}); err != nil {
		h.Log.Error("password changed mail not sent", "user", v.User.ID, "err", err)
	}
	h.record(ctx, audit.Event{ActorID: v.User.ID, Action: "password.changed", TargetType: "user", TargetID: v.User.ID, OrgID: v.Org.ID, Outcome: "success"})
	http.Redirect(w, r, "/account?notice=password_changed", http.StatusSeeOther)
	return nil
}
