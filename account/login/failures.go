package login

import (
	"context"
	"net/http"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/audit"
)

// The durable limits, kept with the user record so that they hold across
// restarts of the key-value store and across instances.
const (
	// UntrustedLimit is the number of consecutive wrong passwords after which
	// the password stops working from browsers without a device cookie.
	// NIST SP 800-63B §5.2.2 (rev. 4 §3.2.2) allows at most 100 consecutive
	// failures on one account. Reaching the limit needs no knowledge of the
	// password, so it never locks the account itself: browsers with a device
	// cookie go on as before, and a password reset (which proves the mailbox)
	// or the helpdesk clears it.
	UntrustedLimit = 100
	// factorLockEvery wrong second-factor answers lock the account for
	// lockFor, from every browser.
	factorLockEvery = 10
	// permanentLockAt wrong second-factor answers since the last full login
	// lock the account until the helpdesk acts. Only someone who knew the
	// password can give them.
	permanentLockAt = 100
)

// recordFailure counts a failed attempt of c: on the client's counter and
// the IP's (Throttle.Failure), and for a known, usable user in the durable
// counters — wrong passwords in FailedLogins, wrong second-factor answers
// (factor) in FactorFailures. Every lock it sets is audited, with ids only.
func (h *Handler) recordFailure(ctx context.Context, c Client, dev Device, user account.User, factor bool) error {
	counted, err := h.Throttle.Failure(ctx, c)
	if err != nil {
		return err
	}
	target := audit.Event{TargetType: "user", TargetID: user.ID, OrgID: user.OrgID}
	lockEvent := func(action string) {
		if user.ID != "" {
			e := target
			e.Action, e.Outcome = action, audit.OutcomeDenied
			h.auditCtx(ctx, e)
		}
	}
	switch {
	case c.Trusted() && counted.N >= lockFrom:
		// OWASP device cookies: lock out a trusted client individually. It
		// falls back to the untrusted clients' counter from now on.
		if err := h.Devices.Revoke(ctx, dev); err != nil {
			return err
		}
		if err := h.Throttle.Forget(ctx, c); err != nil {
			return err
		}
		lockEvent("login.device_revoked")
	case counted.Locked:
		lockEvent("login.locked")
	}
	if user.ID != "" && user.Status == account.StatusActive && !user.PermanentlyLocked {
		if err := h.countDurable(ctx, user, factor, lockEvent); err != nil {
			return err
		}
	}
	action := "login.failed"
	if factor {
		action = "login.factor_failed"
	}
	e := target
	e.Action, e.Outcome = action, audit.OutcomeFailure
	h.auditCtx(ctx, e)
	return nil
}

// countDurable adds one failure to the user record and acts on the limits.
func (h *Handler) countDurable(ctx context.Context, user account.User, factor bool, lockEvent func(string)) error {
	now := h.Now().UTC()
	updated, err := h.Accounts.UpdateUser(ctx, user.ID, func(u account.User) (account.User, error) {
		u.LastFailedAt = now
		if !factor {
			u.FailedLogins++
			return u, nil
		}
		u.FactorFailures++
		if u.FactorFailures%factorLockEvery == 0 {
			u.LockedUntil = now.Add(lockFor)
		}
		if u.FactorFailures >= permanentLockAt {
			u.PermanentlyLocked = true
		}
		return u, nil
	})
	if err != nil {
		return err
	}
	switch {
	case updated.PermanentlyLocked && !user.PermanentlyLocked:
		lockEvent("user.locked")
		h.mail(ctx, user, "account_blocked")
	case factor && updated.FactorFailures%factorLockEvery == 0:
		lockEvent("login.factor_locked")
	case !factor && updated.FailedLogins == UntrustedLimit:
		lockEvent("login.restricted")
		h.mail(ctx, user, "login_restricted")
	}
	return nil
}

// mail tells the user about a lock; a mail that cannot be sent is logged.
func (h *Handler) mail(ctx context.Context, user account.User, template string) {
	if err := h.Mail.Send(ctx, user.Email, template, user.Lang, map[string]any{"Name": user.Name}); err != nil {
		h.Log.Error("lock mail not sent", "user", user.ID, "template", template, "err", err)
	}
}

// FactorFailed counts a failed second-factor attempt of fl's user, made by
// the browser of r, toward the same throttle as a wrong password and toward
// the user's durable factor counter, and reports whether the user is now
// locked (the caller then ends the flow).
func (h *Handler) FactorFailed(r *http.Request, fl Flow) (locked bool, err error) {
	ctx := r.Context()
	user, err := h.Accounts.GetUser(ctx, fl.UserID)
	if err != nil {
		return false, err
	}
	c, dev, err := h.client(r, user.Email, user)
	if err != nil {
		return false, err
	}
	if err := h.recordFailure(ctx, c, dev, user, true); err != nil {
		return false, err
	}
	user, err = h.Accounts.GetUser(ctx, fl.UserID)
	if err != nil {
		return false, err
	}
	return user.PermanentlyLocked || h.Now().Before(user.LockedUntil), nil
}
