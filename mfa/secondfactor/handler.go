package secondfactor

import (
	"context"
	"embed"
	"log/slog"
	"net/http"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/login"
	"github.com/mijnaccount/mijnaccount/account/portal"
	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/phoneswap"
	"github.com/mijnaccount/mijnaccount/mfa/smsotp"
	"github.com/mijnaccount/mijnaccount/mfa/webauthn"
	"github.com/mijnaccount/mijnaccount/secretbox"
	"github.com/mijnaccount/mijnaccount/server"
)

// Pages holds the page templates and message catalogues of this package.
//
//go:embed pages/*.html i18n/*.json
var Pages embed.FS

// Accounts is what the factor step needs from the account store.
type Accounts interface {
	GetUser(ctx context.Context, id string) (account.User, error)
	GetOrg(ctx context.Context, id string) (account.Org, error)
	BillingCustomerOf(ctx context.Context, orgID string) (account.Org, error)
}

// Handler serves the factor pages. It implements login.SecondFactor.
type Handler struct {
	Login    *login.Handler // Complete and FactorFailed
	Flows    *login.Flows
	Portal   *portal.Handler // the portal's session check and tab bar
	Sessions *session.Manager
	Accounts Accounts
	Factors  mfa.Store
	SMS      *smsotp.Codes
	Keys     *webauthn.Service
	Swaps    *phoneswap.Service
	// Seal protects pending secrets (a TOTP secret being enrolled, a phone
	// number being verified, a recovery code being shown) inside the flow.
	Seal secretbox.Keyring
	// TOTPIssuer names the service in authenticator apps.
	TOTPIssuer string
	// PhonePrefixes are the country prefixes a phone number may have.
	PhonePrefixes []string
	Pages         web.Renderer
	Audit         web.Auditor
	Mail          web.Mailer
	Log           *slog.Logger
	Now           func() time.Time
}

var _ login.SecondFactor = (*Handler)(nil)

// Mount registers the factor routes.
func (h *Handler) Mount(mux *http.ServeMux) {
	route := func(pattern string, fn server.HandlerFunc) { mux.Handle(pattern, server.Handle(fn)) }
	route("GET /login/factor", h.flowPage(h.dispatch))
	route("GET /login/factor/totp", h.flowPage(h.showTOTP))
	route("POST /login/factor/totp", h.flowPage(h.submitTOTP))
	route("GET /login/factor/sms", h.flowPage(h.showSMS))
	route("POST /login/factor/sms", h.flowPage(h.submitSMS))
	route("POST /login/factor/sms/send", h.flowPage(h.sendLoginSMS))
	route("GET /login/factor/key", h.flowPage(h.showKey))
	route("POST /login/factor/key", h.flowPage(h.submitKey))
	route("GET /login/factor/recovery", h.flowPage(h.showRecovery))
	route("POST /login/factor/recovery", h.flowPage(h.submitRecovery))

	route("GET /login/enrol", h.flowPage(h.showChoose))
	route("GET /login/enrol/totp", h.flowPage(h.showEnrolTOTP))
	route("POST /login/enrol/totp", h.flowPage(h.submitEnrolTOTP))
	route("GET /login/enrol/sms", h.flowPage(h.showEnrolPhone))
	route("POST /login/enrol/sms", h.flowPage(h.submitEnrolPhone))
	route("GET /login/enrol/sms/verify", h.flowPage(h.showEnrolSMSCode))
	route("POST /login/enrol/sms/verify", h.flowPage(h.submitEnrolSMSCode))
	route("POST /login/enrol/sms/send", h.flowPage(h.resendEnrolSMS))
	route("GET /login/enrol/key", h.flowPage(h.showEnrolKey))
	route("POST /login/enrol/key", h.flowPage(h.submitEnrolKey))
	route("GET /login/enrol/recovery", h.flowPage(h.showRecoveryCode))
	route("GET /login/enrol/recovery/download", h.flowPage(h.downloadRecoveryCode))
	route("POST /login/enrol/recovery", h.flowPage(h.confirmRecoveryCode))

	mux.Handle("GET /account/security", h.Portal.Page(h.showSecurity))
	mux.Handle("POST /account/security/verify", h.Portal.Page(h.startReauth))
	mux.Handle("POST /account/security/add", h.Portal.Page(h.startAdd))
	mux.Handle("POST /account/security/phone", h.Portal.Page(h.startPhoneChange))
	mux.Handle("POST /account/security/swap", h.Portal.Page(h.startSwap))
	mux.Handle("POST /account/security/swap/end", h.Portal.Page(h.endSwap))
	mux.Handle("POST /account/security/recovery", h.Portal.Page(h.startNewRecoveryCode))
	mux.Handle("POST /account/security/rename", h.Portal.Page(h.renameFactor))
	mux.Handle("POST /account/security/default", h.Portal.Page(h.defaultFactor))
	mux.Handle("POST /account/security/remove", h.Portal.Page(h.removeFactor))
}

func (h *Handler) record(ctx context.Context, e audit.Event) { web.Record(ctx, h.Audit, h.Log, e) }

// notify mails the user about a change to their factors; a mail failure is
// logged, not fatal: the change is done and audited.
func (h *Handler) notify(ctx context.Context, u account.User, event string) {
	data := map[string]any{"Name": u.Name, "Event": event, "At": h.Now()}
	if err := h.Mail.Send(ctx, u.Email, "security_notice", u.Lang, data); err != nil {
		h.Log.Error("security notice not sent", "user", u.ID, "event", event, "err", err)
	}
}
