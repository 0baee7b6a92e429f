package app

import (
	"context"

	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/mail"
	"github.com/mijnaccount/mijnaccount/mfa/phoneswap"
	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/mfa/smsotp"
	"github.com/mijnaccount/mijnaccount/secretbox"
)

// buildSwaps makes the phone swap service: its notices go by mail to the
// user and by SMS to both numbers.
func (a *App) buildSwaps(parts *mfaParts, keyring secretbox.Keyring, sessions *session.Manager, mailer *mail.Mailer) *phoneswap.Service {
	s := &phoneswap.Service{DB: a.DB, Keys: keyring, Factors: parts.factors, Sessions: sessions, Now: a.Now, Log: a.Log}
	s.Notify = func(ctx context.Context, e phoneswap.Event) { a.swapNotice(ctx, parts, mailer, e) }
	return s
}

// swapNotice tells the user by mail and both numbers by SMS that a swap
// started or ended. Failures are logged: the swap itself stands.
func (a *App) swapNotice(ctx context.Context, parts *mfaParts, mailer *mail.Mailer, e phoneswap.Event) {
	u, err := a.Accounts.GetUser(ctx, e.Swap.UserID)
	if err != nil {
		a.Log.Error("phone swap notice: user", "swap", e.Swap.ID, "err", err)
		return
	}
	data := map[string]any{"Name": u.Name, "Event": "phone_swap_" + e.Kind, "At": a.Now()}
	if !e.Swap.EndsAt.IsZero() {
		data["Until"] = e.Swap.EndsAt
	}
	if err := mailer.Send(ctx, u.Email, "security_notice", u.Lang, data); err != nil {
		a.Log.Error("phone swap notice not mailed", "swap", e.Swap.ID, "err", err)
	}
	customer, err := a.Accounts.BillingCustomerOf(ctx, u.OrgID)
	if err != nil {
		a.Log.Error("phone swap notice: billing customer", "swap", e.Swap.ID, "err", err)
		return
	}
	for _, to := range []string{e.Swap.Original, e.Temporary} {
		if to == "" {
			continue
		}
		n := smsotp.Notice{UserID: u.ID, OrgID: u.OrgID, CustomerID: customer.ID, Phone: to, Body: swapSMS(u.Lang, e.Kind),
			Purpose: sms.PurposePhoneChange}
		if err := parts.codes.SendNotice(ctx, n); err != nil {
			a.Log.Error("phone swap notice not texted", "swap", e.Swap.ID, "err", err)
		}
	}
}

func swapSMS(lang, kind string) string {
	switch {
	case lang == "en" && kind == "started":
		return "Mijn Account: your login codes now go to another number for a while. Not you? Contact your administrator."
	case lang == "en":
		return "Mijn Account: your login codes go to your own number again."
	case kind == "started":
		return "Mijn Account: uw inlogcodes gaan tijdelijk naar een ander nummer. Was u dit niet? Neem contact op met uw beheerder."
	}
	return "Mijn Account: uw inlogcodes gaan weer naar uw eigen nummer."
}
