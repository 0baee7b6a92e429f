package login

import (
	"errors"
	"net/http"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/password"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
)

// changePasswordPage is the data of the forced password change.
type changePasswordPage struct {
	Flow   string
	Errors []password.Message
}

func (h *Handler) showChangePassword(w http.ResponseWriter, r *http.Request) error {
	fl, err := h.changeFlow(r)
	if err != nil {
		return h.flowError(w, r, err)
	}
	return h.Pages.Render(w, r, http.StatusOK, "change_password", changePasswordPage{Flow: fl.ID})
}

func (h *Handler) changeFlow(r *http.Request) (Flow, error) {
	fl, err := h.Flows.Load(r)
	if err != nil {
		return Flow{}, err
	}
	if fl.Step != StepChangePassword {
		return Flow{}, ErrNoFlow
	}
	return fl, nil
}

func (h *Handler) flowError(w http.ResponseWriter, r *http.Request, err error) error {
	if errors.Is(err, ErrNoFlow) {
		return h.restart(w, r, "")
	}
	return server.Unavailable(err)
}

func (h *Handler) submitChangePassword(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	fl, err := h.changeFlow(r)
	if err != nil {
		return h.flowError(w, r, err)
	}
	user, err := h.Accounts.GetUser(ctx, fl.UserID)
	if err != nil {
		return server.Unavailable(err)
	}
	org, err := h.Accounts.GetOrg(ctx, user.OrgID)
	if err != nil {
		return server.Unavailable(err)
	}
	pw, repeat := r.PostFormValue("new_password"), r.PostFormValue("repeat_password")
	problems := org.CheckNewPassword(user.Email, pw, repeat)
	if len(problems) == 0 {
		if same, _, _ := h.Hasher.Verify(pw, user.PasswordHash); same {
			problems = []password.Message{{ID: "password.same"}}
		}
	}
	if len(problems) > 0 {
		return h.Pages.Render(w, r, http.StatusUnprocessableEntity, "change_password", changePasswordPage{Flow: fl.ID, Errors: problems})
	}
	hash, err := h.Hasher.Hash(pw)
	if err != nil {
		return err
	}
	now := h.Now().UTC()
	if _, err := h.Accounts.UpdateUser(ctx, user.ID, func(u account.User) (account.User, error) {
		u.PasswordHash, u.MustChangePassword, u.PasswordChangedAt = hash, false, now
		return u, nil
	}); err != nil {
		return server.Unavailable(err)
	}
	h.audit(r, audit.Event{ActorID: user.ID, Action: "password.changed", TargetType: "user", TargetID: user.ID, OrgID: org.ID, Outcome: "success"})
	return h.next(w, r, fl)
}
