package login

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
)

// loginPage is the data of the login form.
type loginPage struct {
	Flow  string
	Email string
	Stay  bool
	Error string // message id
}

// permanentLockAt is the number of failures since the last success after
// which only the helpdesk can unlock the account.
const permanentLockAt = 100

func (h *Handler) showLogin(w http.ResponseWriter, r *http.Request) error {
	fl, err := h.Flows.Load(r)
	if errors.Is(err, ErrNoFlow) {
		return h.restart(w, r, r.URL.Query().Get("return_to"))
	}
	if err != nil {
		return server.Unavailable(err)
	}
	if fl.Step != StepPassword {
		return h.resume(w, r, fl)
	}
	// A browser where the user chose to stay logged in remembers the address.
	email := h.Sessions.Remembered(r)
	return h.Pages.Render(w, r, http.StatusOK, "login", loginPage{Flow: fl.ID, Email: email, Stay: email != ""})
}

// restart begins a new flow and sends the browser to its login form.
func (h *Handler) restart(w http.ResponseWriter, r *http.Request, returnTo string) error {
	fl, err := h.Flows.Start(r.Context(), w, returnTo)
	if err != nil {
		return server.Unavailable(err)
	}
	http.Redirect(w, r, fl.URL("/login"), http.StatusSeeOther)
	return nil
}

// resume sends the browser to the page of the flow's current step.
func (h *Handler) resume(w http.ResponseWriter, r *http.Request, fl Flow) error {
	switch fl.Step {
	case StepChangePassword:
		http.Redirect(w, r, fl.URL("/login/password"), http.StatusSeeOther)
		return nil
	case StepSecondFactor:
		if h.SecondFactor == nil {
			return server.Unavailable(errNoSecondFactor)
		}
		return h.SecondFactor.Begin(w, r, fl)
	}
	return h.restart(w, r, fl.ReturnTo)
}

func (h *Handler) submitLogin(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	fl, err := h.Flows.Load(r)
	if errors.Is(err, ErrNoFlow) {
		return h.restart(w, r, "")
	}
	if err != nil {
		return server.Unavailable(err)
	}
	if fl.Step != StepPassword {
		return h.resume(w, r, fl)
	}
	email := strings.TrimSpace(r.PostFormValue("email"))
	pw := r.PostFormValue("password")
	page := loginPage{Flow: fl.ID, Email: email, Stay: r.PostFormValue("stay") != ""}
	ip := server.ClientIPFrom(ctx).String()

	wait, release, err := h.Throttle.Begin(ctx, email, ip)
	if err != nil {
		return server.Unavailable(err)
	}
	if wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds()+0.999)))
		page.Error = "error.429"
		return h.Pages.Render(w, r, http.StatusTooManyRequests, "login", page)
	}
	defer release()

	user, ok, err := h.checkPassword(ctx, email, pw)
	if err != nil {
		return server.Unavailable(err)
	}
	if !ok {
		if err := h.recordFailure(ctx, email, ip, user, "login.failed"); err != nil {
			return server.Unavailable(err)
		}
		page.Error = "login.failed"
		return h.Pages.Render(w, r, http.StatusOK, "login", page)
	}
	org, err := h.Accounts.GetOrg(ctx, user.OrgID)
	if err != nil {
		return server.Unavailable(err)
	}
	if !org.IPAllowed(server.ClientIPFrom(ctx)) {
		h.audit(r, audit.Event{ActorID: user.ID, Action: "login.ip_refused", TargetType: "user", TargetID: user.ID, OrgID: org.ID, Outcome: "denied"})
		return h.Pages.Render(w, r, http.StatusForbidden, "message", web.MessagePage{Title: "login.title", Body: "login.locked_ip"})
	}
	if err := h.Throttle.Success(ctx, email); err != nil {
		return server.Unavailable(err)
	}
	fl.UserID, fl.OrgID, fl.Stay = user.ID, org.ID, page.Stay
	fl.AMR = []string{"pwd"}
	fl.PasswordAt = h.Now().UTC()
	if user.MustChangePassword {
		fl.Step = StepChangePassword
		if err := h.Flows.Save(ctx, fl); err != nil {
			return server.Unavailable(err)
		}
		http.Redirect(w, r, fl.URL("/login/password"), http.StatusSeeOther)
		return nil
	}
	return h.next(w, r, fl)
}

// checkPassword verifies email + password in the same time whether or not the
// user exists. ok is true only for an active, unlocked user with the right
// password; user is set whenever the email belongs to a user.
func (h *Handler) checkPassword(ctx context.Context, email, pw string) (account.User, bool, error) {
	user, err := h.Accounts.GetUserByEmail(ctx, email)
	if errors.Is(err, account.ErrNotFound) {
		h.Hasher.DummyVerify(pw)
		return account.User{}, false, nil
	}
	if err != nil {
		return account.User{}, false, err
	}
	if user.PasswordHash == "" {
		h.Hasher.DummyVerify(pw)
		return user, false, nil
	}
	match, rehash, err := h.Hasher.Verify(pw, user.PasswordHash)
	if err != nil {
		h.Log.Error("stored password hash unreadable", "user", user.ID, "err", err)
		return user, false, nil
	}
	usable := user.Status == account.StatusActive && !user.PermanentlyLocked && !h.Now().Before(user.LockedUntil)
	if match && usable && rehash {
		if hash, err := h.Hasher.Hash(pw); err == nil {
			_, _ = h.Accounts.UpdateUser(ctx, user.ID, func(u account.User) (account.User, error) {
				u.PasswordHash = hash
				return u, nil
			})
		}
	}
	return user, match && usable, nil
}

// recordFailure counts a failed login for the address and the IP, and for a
// known user in the durable counter that leads to a temporary lock every 10
// failures and a permanent lock at permanentLockAt.
func (h *Handler) recordFailure(ctx context.Context, email, ip string, user account.User, action string) error {
	if _, err := h.Throttle.Failure(ctx, email, ip); err != nil {
		return err
	}
	ev := audit.Event{Action: action, Outcome: "failure", TargetType: "user"}
	if user.ID != "" {
		ev.TargetID, ev.OrgID = user.ID, user.OrgID
		now := h.Now().UTC()
		updated, err := h.Accounts.UpdateUser(ctx, user.ID, func(u account.User) (account.User, error) {
			u.FailedLogins++
			u.LastFailedAt = now
			if u.FailedLogins%lockFrom == 0 {
				u.LockedUntil = now.Add(lockFor)
			}
			if u.FailedLogins >= permanentLockAt {
				u.PermanentlyLocked = true
			}
			return u, nil
		})
		if err != nil {
			return err
		}
		if updated.PermanentlyLocked && !user.PermanentlyLocked {
			h.auditCtx(ctx, audit.Event{Action: "user.locked", Outcome: "success", TargetType: "user", TargetID: user.ID, OrgID: user.OrgID})
			if err := h.Mail.Send(ctx, user.Email, "account_blocked", user.Lang, map[string]any{"Name": user.Name}); err != nil {
				h.Log.Error("account blocked mail not sent", "user", user.ID, "err", err)
			}
		}
	}
	h.auditCtx(ctx, ev)
	return nil
}

// errNoSecondFactor fails a login closed when no factor step is wired.
var errNoSecondFactor = errors.New("login: no second-factor step configured")

// next moves a flow whose password step is done to the second factor.
func (h *Handler) next(w http.ResponseWriter, r *http.Request, fl Flow) error {
	if h.SecondFactor == nil {
		return server.Unavailable(errNoSecondFactor)
	}
	fl.Step = StepSecondFactor
	if err := h.Flows.Save(r.Context(), fl); err != nil {
		return server.Unavailable(err)
	}
	return h.SecondFactor.Begin(w, r, fl)
}

// FactorFailed counts a failed second-factor attempt of fl's user toward the
// same throttle and lock as a wrong password, and reports whether the user
// is now locked (the caller then ends the flow).
func (h *Handler) FactorFailed(ctx context.Context, fl Flow) (locked bool, err error) {
	user, err := h.Accounts.GetUser(ctx, fl.UserID)
	if err != nil {
		return false, err
	}
	if err := h.recordFailure(ctx, user.Email, server.ClientIPFrom(ctx).String(), user, "login.factor_failed"); err != nil {
		return false, err
	}
	user, err = h.Accounts.GetUser(ctx, fl.UserID)
	if err != nil {
		return false, err
	}
	return user.PermanentlyLocked || h.Now().Before(user.LockedUntil), nil
}
