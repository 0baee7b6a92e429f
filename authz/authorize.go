package authz

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ory/fosite"

	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
	"github.com/mijnaccount/mijnaccount/storage"
)

// ACR is the only assurance level sessions have: password plus a verified
// second factor.
const ACR = "aal2"

// loginMarkerTTL bounds the time between sending the browser to the login
// and its return.
const loginMarkerTTL = 15 * time.Minute

// authorize is the authorization endpoint: it checks the request with
// fosite, sends the browser through the login when the session does not
// satisfy it (none, prompt=login, max_age), asks consent for clients that
// are not first-party, and answers with a code.
func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ar, err := p.oauth.NewAuthorizeRequest(ctx, r)
	if !redirectURIRegistered(ar) {
		// Not even an error goes back to it: a page, never a redirect.
		p.authorizeError(w, r, nil, fosite.ErrInvalidRequest.WithHint(
			"The 'redirect_uri' parameter does not match any of the OAuth 2.0 Client's pre-registered redirect urls."))
		return
	}
	if err != nil {
		p.authorizeError(w, r, ar, err)
		return
	}
	client, ok := ar.GetClient().(*oauthstore.Client)
	if !ok {
		p.authorizeError(w, r, ar, fosite.ErrServerError.WithDebug("unexpected client type"))
		return
	}
	form := ar.GetRequestForm()
	prompt := strings.Fields(form.Get("prompt"))
	if slices.Contains(prompt, "none") && len(prompt) > 1 {
		p.authorizeError(w, r, ar, fosite.ErrInvalidRequest.WithHint("prompt=none cannot be combined with other values."))
		return
	}
	maxAge := -1
	if v := form.Get("max_age"); v != "" {
		if maxAge, err = strconv.Atoi(v); err != nil || maxAge < 0 {
			p.authorizeError(w, r, ar, fosite.ErrInvalidRequest.WithHint("max_age must be a non-negative number of seconds."))
			return
		}
	}
	s, err := p.opts.Sessions.Current(r)
	hasSession := err == nil && s.ACR == ACR
	if err != nil && !errors.Is(err, session.ErrNoSession) {
		p.unavailable(w, r, err)
		return
	}
	fresh, askedAt := false, time.Time{}
	if hasSession {
		if fresh, askedAt, err = p.returnedFromLogin(r, s); err != nil {
			p.unavailable(w, r, err)
			return
		}
	}
	tooOld := maxAge >= 0 && p.opts.Now().Sub(s.AuthTime) > time.Duration(maxAge)*time.Second
	if !hasSession || !fresh && (slices.Contains(prompt, "login") || tooOld) {
		if slices.Contains(prompt, "none") {
			p.authorizeError(w, r, ar, fosite.ErrLoginRequired)
			return
		}
		p.sendToLogin(w, r, form)
		return
	}
	id, err := identity(ctx, p.opts.Accounts, s.UserID, p.opts.Now())
	if err != nil {
		p.unavailable(w, r, err)
		return
	}
	if !id.usable(p.opts.Now()) {
		p.authorizeError(w, r, ar, fosite.ErrAccessDenied.WithHint("The account cannot be used."))
		return
	}
	if !client.FirstParty {
		has, err := p.opts.Consents.Has(ctx, s.UserID, client.ID, ar.GetRequestedScopes())
		if err != nil {
			p.unavailable(w, r, err)
			return
		}
		if !has || slices.Contains(prompt, "consent") {
			if slices.Contains(prompt, "none") {
				p.authorizeError(w, r, ar, fosite.ErrConsentRequired)
				return
			}
			p.showConsent(w, r, ar, client, form)
			return
		}
	}
	p.issue(w, r, ar, s, id, client, askedAt)
}

// issue grants the requested scopes and answers with a code. requestedAt
// is when the authorization request sent the browser to the login (zero:
// now); the ID token's rat must not be after the auth_time of a login the
// request asked for.
func (p *Provider) issue(w http.ResponseWriter, r *http.Request, ar fosite.AuthorizeRequester, s session.Session,
	id Identity, client *oauthstore.Client, requestedAt time.Time) {
	ctx := r.Context()
	for _, scope := range ar.GetRequestedScopes() {
		ar.GrantScope(scope)
	}
	audience := ar.GetRequestedAudience()
	if len(audience) == 0 {
		audience = client.Audience
	}
	for _, aud := range audience {
		ar.GrantAudience(aud)
	}
	if requestedAt.IsZero() {
		requestedAt = p.opts.Now()
	}
	resp, err := p.oauth.NewAuthorizeResponse(ctx, ar, p.userSession(s, id, client, ar.GetGrantedScopes(), requestedAt))
	if err != nil {
		p.authorizeError(w, r, ar, err)
		return
	}
	// The session remembers the client, so that the client hears of the
	// session's end (back-channel logout) even after its tokens expired.
	if err := p.opts.Sessions.AddClient(ctx, s, client.ID); err != nil {
		p.unavailable(w, r, err)
		return
	}
	resp.AddParameter("iss", p.opts.Issuer) // RFC 9207
	p.record(r, audit.Event{ActorID: s.UserID, Action: "oidc.authorized", TargetType: "oauth_client", TargetID: client.ID,
		OrgID: id.Org.ID, Outcome: audit.OutcomeSuccess})
	p.oauth.WriteAuthorizeResponse(ctx, w, ar, resp)
}

// sendToLogin sends the browser to the login and back to this request,
// with a single-use marker so a login forced by prompt=login or max_age is
// not asked for again on the way back.
func (p *Provider) sendToLogin(w http.ResponseWriter, r *http.Request, form url.Values) {
	marker := storage.RandomString(24)
	at := strconv.FormatInt(p.opts.Now().UnixMicro(), 10)
	if err := p.opts.KV.Set(r.Context(), "authz-login:"+marker, []byte(at), loginMarkerTTL); err != nil {
		p.unavailable(w, r, err)
		return
	}
	back := url.Values{}
	for k, v := range form {
		if k != "login_id" {
			back[k] = v
		}
	}
	back.Set("login_id", marker)
	returnTo := "/oauth2/auth?" + back.Encode()
	http.Redirect(w, r, "/login?return_to="+url.QueryEscape(returnTo), http.StatusSeeOther)
}

// returnedFromLogin reports whether the request comes back from a login
// this endpoint asked for, finished after it asked (the marker is used up).
func (p *Provider) returnedFromLogin(r *http.Request, s session.Session) (bool, time.Time, error) {
	marker := r.FormValue("login_id")
	if marker == "" || len(marker) > 64 {
		return false, time.Time{}, nil
	}
	raw, err := p.opts.KV.Take(r.Context(), "authz-login:"+marker)
	if errors.Is(err, storage.ErrNotFound) {
		return false, time.Time{}, nil
	}
	if err != nil {
		return false, time.Time{}, err
	}
	us, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return false, time.Time{}, nil
	}
	asked := time.UnixMicro(us)
	if s.AuthTime.Before(asked) {
		return false, time.Time{}, nil
	}
	return true, asked, nil
}
