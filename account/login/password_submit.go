package login

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
)

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

	user, known, err := h.lookup(ctx, email)
	if err != nil {
		return server.Unavailable(err)
	}
	c, dev, err := h.client(r, email, user)
	if err != nil {
		return server.Unavailable(err)
	}
	wait, release, err := h.Throttle.Begin(ctx, c)
	if err != nil {
		return server.Unavailable(err)
	}
	if wait == 0 && known {
		wait = h.accountWait(user, c)
	}
	if wait > 0 {
		if release != nil {
			release()
		}
		return h.tooMany(w, r, page, wait)
	}
	defer release()

	if !h.checkPassword(ctx, user, known, pw) {
		if err := h.recordFailure(ctx, c, dev, user, false); err != nil {
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
	// NIST SP 800-63B §5.2.2: after a success, disregard earlier failures of
	// this client (the device's, or the untrusted clients' of the address).
	if err := h.Throttle.Forget(ctx, c); err != nil {
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

// lookup finds the user of email; known is false for an unknown address.
func (h *Handler) lookup(ctx context.Context, email string) (account.User, bool, error) {
	user, err := h.Accounts.GetUserByEmail(ctx, email)
	if errors.Is(err, account.ErrNotFound) {
		return account.User{}, false, nil
	}
	if err != nil {
		return account.User{}, false, err
	}
	return user, true, nil
}

// client describes who makes the attempt: trusted when the browser holds a
// valid device cookie for user's account.
func (h *Handler) client(r *http.Request, email string, user account.User) (Client, Device, error) {
	c := Client{Email: email, IP: server.ClientIPFrom(r.Context()).String()}
	dev, ok, err := h.Devices.Read(r, user.ID)
	if err != nil {
		return Client{}, Device{}, err
	}
	if ok {
		c.Device = dev.ID
	}
	return c, dev, nil
}

// accountWait is the wait the user record imposes on c, refusing the attempt
// before the password is looked at — so that nobody, the owner with the
// right password included, counts a failure or extends a lock by trying
// during it:
//   - a temporary lock after wrong second-factor answers applies to every
//     browser (whoever gave them knew the password);
//   - from UntrustedLimit wrong passwords on, the password no longer works
//     from browsers without a device cookie (NIST SP 800-63B §5.2.2: at most
//     100 consecutive failures), until a full login from a trusted browser, a
//     password reset or the helpdesk clears the count.
func (h *Handler) accountWait(user account.User, c Client) time.Duration {
	if until := user.LockedUntil; h.Now().Before(until) {
		return until.Sub(h.Now())
	}
	if !c.Trusted() && user.FailedLogins >= UntrustedLimit {
		return lockFor
	}
	return 0
}

// tooMany answers an attempt that must wait.
func (h *Handler) tooMany(w http.ResponseWriter, r *http.Request, page loginPage, wait time.Duration) error {
	w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds()+0.999)))
	page.Error = "error.429"
	return h.Pages.Render(w, r, http.StatusTooManyRequests, "login", page)
}

// checkPassword verifies pw in the same time whether or not the user exists.
// It is true only for an active, unlocked user with the right password.
func (h *Handler) checkPassword(ctx context.Context, user account.User, known bool, pw string) bool {
	if !known || user.PasswordHash == "" {
		h.Hasher.DummyVerify(pw)
		return false
	}
	match, rehash, err := h.Hasher.Verify(pw, user.PasswordHash)
	if err != nil {
		h.Log.Error("stored password hash unreadable", "user", user.ID, "err", err)
		return false
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
	return match && usable
}
