package app

import (
	"github.com/mijnaccount/mijnaccount/account/helpdesk"
	"github.com/mijnaccount/mijnaccount/account/login"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/mail"
	"github.com/mijnaccount/mijnaccount/ratelimit"
)

// buildHelpdesk assembles the helpdesk console (/helpdesk) on the parts the
// web already has: the portal's session check, the factor re-check, the
// invitation service and the login throttle. The audit trail is its source
// of the users' recent security events.
func (a *App) buildHelpdesk(w *web, mailer *mail.Mailer) *helpdesk.Handler {
	return &helpdesk.Handler{
		Portal: w.portal, Reauth: w.factors, Service: a.helpdeskService(w.login.Throttle, mailer),
		Events: audit.NewSQLStore(a.AuditDB), KV: a.KV, PlatformOrgIDs: a.Config.Helpdesk.PlatformOrgIDs,
		Pages: w.pages, Audit: a.Auditor, Log: a.Log, Now: a.Now,
	}
}

// helpdeskService is the helpdesk's actions on the app's stores. Call it
// after buildWeb: it needs the factor store, the sessions and invitations.
func (a *App) helpdeskService(throttle helpdesk.Throttle, mailer *mail.Mailer) *helpdesk.Service {
	// A request for a temporary number keeps the number sealed with the
	// keyring that seals the factors and the swaps.
	store := &helpdesk.Store{DB: a.DB, Keys: a.Swaps.Keys, Now: a.Now}
	return &helpdesk.Service{
		Accounts: a.Accounts, Factors: a.Factors, Sessions: a.Sessions, Invites: a.Invites, Throttle: throttle, Swaps: a.Swaps,
		Codes: swapCodes{a}, PhonePrefixes: a.Config.SMS.AllowedPrefixes,
		Store: store, Mail: mailer, Audit: a.Auditor, Log: a.Log, Now: a.Now,
	}
}

// HelpdeskService returns the helpdesk's actions for the operator command
// line (actor helpdesk.CLIActor).
func (a *App) HelpdeskService() (*helpdesk.Service, error) {
	mailer, err := a.mailer()
	if err != nil {
		return nil, err
	}
	throttle := &login.Throttle{KV: a.KV, Limiter: ratelimit.New(a.KV), MaxPerIP: int64(a.Config.Login.MaxFailuresPerIP), Now: a.Now}
	return a.helpdeskService(throttle, mailer), nil
}
