package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/oidclogin"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/absence/session"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
	"github.com/mijnaccount/mijnaccount/storage"
)

// loginTTL is how long a started login may take at the provider.
const loginTTL = 10 * time.Minute

// loginCookie binds a started login to the browser that started it.
const loginCookie = "absence_login"

// pendingLogin is kept server-side between /login and /callback.
type pendingLogin struct {
	Request oidclogin.Request `json:"request"`
	Return  string            `json:"return"`
}

func loginKey(state string) string { return "login:" + state }

// login starts the code flow: fresh state, nonce and PKCE verifier kept in
// the key-value store, the state also in a cookie, and a plain GET redirect
// to the provider.
func (wb *Web) login(w http.ResponseWriter, r *http.Request) error {
	ret := localPath(r.URL.Query().Get("return"))
	if _, ok, err := wb.principal(r); err == nil && ok {
		http.Redirect(w, r, ret, http.StatusFound)
		return nil
	}
	req := oidclogin.NewRequest()
	authURL, err := wb.d.OIDC.AuthCodeURL(r.Context(), req)
	if err != nil {
		wb.d.Log.Warn("provider unavailable at login", "err", err)
		return wb.loginRefused(w, r, http.StatusServiceUnavailable, "absence.refused.unavailable")
	}
	b, err := json.Marshal(pendingLogin{Request: req, Return: ret})
	if err != nil {
		return err
	}
	if err := wb.d.KV.Set(r.Context(), loginKey(req.State), b, loginTTL); err != nil {
		return server.Unavailable(err)
	}
	http.SetCookie(w, &http.Cookie{
		Name: loginCookie, Value: req.State, Path: "/", MaxAge: int(loginTTL.Seconds()),
		HttpOnly: true, Secure: wb.isHTTPS(), SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, authURL, http.StatusFound)
	return nil
}

// refusedPage explains why a login did not give access.
type refusedPage struct {
	Reason string // message id
	// LogoutURL ends the session at the provider (RP-initiated logout), so
	// the user can log in again with another account or factor.
	LogoutURL string
}

func (wb *Web) loginRefused(w http.ResponseWriter, r *http.Request, status int, reason string, logoutURL ...string) error {
	p := refusedPage{Reason: reason}
	if len(logoutURL) > 0 {
		p.LogoutURL = logoutURL[0]
	}
	return wb.render(w, r, status, "absence_refused", p)
}

// callback finishes the code flow.
func (wb *Web) callback(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: wb.isHTTPS(), SameSite: http.SameSiteLaxMode})
	c, err := r.Cookie(loginCookie)
	if err != nil || c.Value == "" || q.Get("state") == "" || c.Value != q.Get("state") {
		return wb.loginRefused(w, r, http.StatusBadRequest, "absence.refused.expired")
	}
	b, err := wb.d.KV.Take(ctx, loginKey(q.Get("state")))
	if errors.Is(err, storage.ErrNotFound) {
		return wb.loginRefused(w, r, http.StatusBadRequest, "absence.refused.expired")
	} else if err != nil {
		return server.Unavailable(err)
	}
	var pending pendingLogin
	if err := json.Unmarshal(b, &pending); err != nil {
		return err
	}
	if e := q.Get("error"); e != "" {
		wb.d.Log.Info("provider answered the login with an error", "error", e)
		return wb.loginRefused(w, r, http.StatusForbidden, "absence.refused.provider_error")
	}
	// RFC 9207: the provider names itself in every authorization response.
	if iss := q.Get("iss"); iss != "" && iss != wb.d.OIDC.Issuer() {
		return wb.loginRefused(w, r, http.StatusBadRequest, "absence.refused.invalid_token")
	}
	id, err := wb.d.OIDC.Exchange(ctx, q.Get("code"), pending.Request)
	if err != nil {
		return wb.refuseLogin(w, r, id, err)
	}
	domain := rights.Domain(id.Domain)
	if !domain.Valid() {
		return wb.refuseKnown(w, r, id, "unknown_domain", "absence.refused.unknown_domain")
	}
	org, err := wb.d.Store.SeeOrg(ctx, store.Org{ID: id.Org, Name: id.OrgName, Domain: domain})
	if err != nil {
		return server.Unavailable(err)
	}
	if org.Domain != domain {
		wb.d.Log.Warn("domain claim does not match the known organisation", "org", id.Org, "claimed", id.Domain, "known", org.Domain)
		return wb.refuseKnown(w, r, id, "domain_mismatch", "absence.refused.domain_mismatch")
	}
	if err := wb.seeManager(ctx, id, domain); err != nil {
		return server.Unavailable(err)
	}
	s, err := wb.d.Sessions.Start(ctx, w, session.Session{
		Subject: id.Subject, Name: id.Name, Email: id.Email, Org: id.Org, OrgName: id.OrgName, Customer: id.Customer,
		Domain: id.Domain, Roles: id.Roles, AMR: id.AMR, ACR: id.ACR, SID: id.SID, IDToken: id.IDToken, AuthTime: id.AuthTime,
		EmailVerified: id.EmailVerified, BirthDate: id.BirthDate,
	})
	if errors.Is(err, session.ErrStaleLogin) {
		return wb.refuseKnown(w, r, id, string(oidclogin.StaleLogin), "absence.refused.stale_login")
	}
	if err != nil {
		return server.Unavailable(err)
	}
	if err := wb.record(ctx, newPrincipal(s), actLogin, "session", "", id.Org); err != nil {
		return err
	}
	http.Redirect(w, r, pending.Return, http.StatusSeeOther)
	return nil
}

// refuseLogin answers a token the application does not trust.
func (wb *Web) refuseLogin(w http.ResponseWriter, r *http.Request, id oidclogin.Identity, err error) error {
	reason := oidclogin.ReasonOf(err)
	wb.d.Log.Warn("login refused", "reason", reason, "err", err)
	if reason == oidclogin.StaleLogin {
		// A valid token on a login too old for this application: the user
		// ends the session at the provider and logs in afresh.
		return wb.refuseKnown(w, r, id, string(reason), "absence.refused.stale_login")
	}
	status, msg := http.StatusBadRequest, "absence.refused.invalid_token"
	switch reason {
	case oidclogin.Unavailable, oidclogin.ExchangeFailed:
		status, msg = http.StatusBadGateway, "absence.refused.unavailable"
	case oidclogin.NoSecondFactor:
		status, msg = http.StatusForbidden, "absence.refused.no_second_factor"
	case oidclogin.InsufficientACR:
		status, msg = http.StatusForbidden, "absence.refused.insufficient_acr"
	case oidclogin.MissingClaims:
		status, msg = http.StatusForbidden, "absence.refused.missing_claims"
	}
	if aerr := wb.d.Audit.Record(r.Context(), audit.Event{
		ActorID: id.Subject, Action: actLogin, TargetType: "session", Outcome: audit.OutcomeDenied, Reason: string(reason),
	}); aerr != nil {
		return aerr
	}
	return wb.loginRefused(w, r, status, msg)
}

// refuseKnown refuses a valid token whose organisation the application
// cannot trust; the page offers to log out at the provider.
func (wb *Web) refuseKnown(w http.ResponseWriter, r *http.Request, id oidclogin.Identity, reason, msg string) error {
	if err := wb.d.Audit.Record(r.Context(), audit.Event{
		ActorID: id.Subject, Action: actLogin, TargetType: "session", OrgID: id.Org, Outcome: audit.OutcomeDenied, Reason: reason,
	}); err != nil {
		return err
	}
	logoutURL, err := wb.d.OIDC.EndSessionURL(r.Context(), id.IDToken, wb.d.PublicURL+"/logged-out", "")
	if err != nil {
		logoutURL = ""
	}
	return wb.loginRefused(w, r, http.StatusForbidden, msg, logoutURL)
}

// seeManager keeps the employer's list of leidinggevenden (store.Manager)
// up to date at every login of an employer's user: a user with the team role
// is recorded with their name and, only when the provider verified it,
// their email address (the import names a leidinggevende by it); a user
// without it is removed.
func (wb *Web) seeManager(ctx context.Context, id oidclogin.Identity, domain rights.Domain) error {
	if !domain.IsEmployer() {
		return nil
	}
	if !rights.HoldsTeamRole(domain, id.Roles) {
		return wb.d.Store.ForgetManager(ctx, id.Org, id.Subject)
	}
	email := ""
	if id.EmailVerified {
		email = id.Email
	}
	return wb.d.Store.RecordManager(ctx, store.Manager{Employer: id.Org, Subject: id.Subject, Name: id.Name, Email: email})
}
