package app

import (
	"net/http"

	"github.com/mijnaccount/mijnaccount/billing"
	"github.com/mijnaccount/mijnaccount/finance"
	"github.com/mijnaccount/mijnaccount/mfa/sms/status"
)

// statusCallbackURL is where Twilio reports delivery; its signatures are
// made over exactly this URL.
func (a *App) statusCallbackURL() string { return a.Config.Issuer + status.Path }

// mountBilling serves the Twilio status callback (with sms.mode twilio), the
// reports API and the finance and usage pages.
func (a *App) mountBilling(mux *http.ServeMux, w *web) {
	if a.Config.SMS.Mode == "twilio" {
		mux.Handle("POST "+status.Path, &status.Handler{
			AuthToken: a.Config.SMS.Twilio.AuthToken, PublicURL: a.statusCallbackURL(),
			Ledger: a.ledger(), Now: a.Now, Log: a.Log,
		})
		// Twilio calls it, not a browser; the signature protects it.
		a.Server.CrossOriginProtection().AddInsecureBypassPattern("POST " + status.Path)
	}
	h := &finance.Handler{Billing: a.Billing, Tokens: w.provider, Portal: w.portal, Pages: w.pages,
		Audit: a.Auditor, Log: a.Log, Now: a.Now}
	h.Mount(mux)
}

// newBilling is the billing service on the main database.
func (a *App) newBilling() *billing.Service {
	return &billing.Service{DB: a.DB, Accounts: a.Accounts, Now: a.Now}
}
