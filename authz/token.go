package authz

import (
	"net/http"
	"slices"
	"time"

	"github.com/ory/fosite"

	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// supportedGrants are the grant types the token endpoint knows. There is no
// password grant (RFC 9700 §2.4: it must not be used) and no implicit flow.
var supportedGrants = []string{oauthstore.GrantAuthorizationCode, oauthstore.GrantRefreshToken, oauthstore.GrantClientCredentials}

// token is the token endpoint: authorization code (with PKCE), refresh
// token (rotated on every use), client credentials. Errors are JSON as RFC
// 6749 says.
func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if g := r.PostFormValue("grant_type"); g != "" && !slices.Contains(supportedGrants, g) {
		// RFC 6749 §5.2: "unsupported_grant_type — The authorization grant
		// type is not supported by the authorization server." fosite would
		// answer the password grant with invalid_request instead.
		p.accessError(w, r, nil, fosite.ErrUnsupportedGrantType.WithHint("The grant types are authorization_code, refresh_token and client_credentials."))
		return
	}
	ar, err := p.oauth.NewAccessRequest(ctx, r, NewSession())
	if err != nil {
		p.accessError(w, r, ar, err)
		return
	}
	switch {
	case ar.GetGrantTypes().ExactOne("client_credentials"):
		for _, s := range ar.GetRequestedScopes() {
			if s == ScopeOpenID || s == ScopeOffline {
				p.accessError(w, r, ar, fosite.ErrInvalidScope.WithHintf("Scope %q needs a user.", s))
				return
			}
			ar.GrantScope(s)
		}
		audience := ar.GetRequestedAudience()
		if len(audience) == 0 {
			audience = ar.GetClient().GetAudience()
		}
		for _, a := range audience {
			ar.GrantAudience(a)
		}
		ar.SetSession(clientSession(ar.GetClient()))
	default:
		// Code and refresh grants carry the stored session of a user, who
		// must still be allowed in.
		sess, ok := ar.GetSession().(*Session)
		if !ok || sess.Subject == "" {
			p.accessError(w, r, ar, fosite.ErrServerError.WithDebug("stored session without a user"))
			return
		}
		id, err := identity(ctx, p.opts.Accounts, sess.Subject, p.opts.Now())
		if err != nil {
			p.accessError(w, r, ar, fosite.ErrServerError.WithWrap(err).WithDebug("user lookup failed"))
			return
		}
		if !id.usable(p.opts.Now()) {
			p.accessError(w, r, ar, fosite.ErrInvalidGrant.WithHint("The user can no longer log in."))
			return
		}
	}
	resp, err := p.oauth.NewAccessResponse(ctx, ar)
	if err != nil {
		p.accessError(w, r, ar, err)
		return
	}
	// fosite computes expires_in from the wall clock; the token's expiry
	// is on the provider's (see tokenStrategy).
	resp.SetExpiresIn(ar.GetSession().GetExpiresAt(fosite.AccessToken).Sub(p.opts.Now()).Round(time.Second))
	p.oauth.WriteAccessResponse(ctx, w, ar, resp)
	p.countToken(r, "issued")
}

// countToken reports a token request's outcome to Options.OnToken. The
// grant type label is one of the supported grants or "other", so a client
// cannot invent label values.
func (p *Provider) countToken(r *http.Request, outcome string) {
	if p.opts.OnToken == nil {
		return
	}
	grant := r.PostFormValue("grant_type")
	if !slices.Contains(supportedGrants, grant) {
		grant = "other"
	}
	p.opts.OnToken(grant, outcome)
}

// accessError answers a refused token request and audits refusals that
// matter for security (a reused code or refresh token, a wrong secret).
func (p *Provider) accessError(w http.ResponseWriter, r *http.Request, ar fosite.AccessRequester, err error) {
	rfc := fosite.ErrorToRFC6749Error(err)
	clientID := ""
	if ar != nil && ar.GetClient() != nil {
		clientID = ar.GetClient().GetID()
	}
	p.opts.Log.Info("token request refused", "client", clientID, "error", rfc.ErrorField, "hint", rfc.HintField, "debug", rfc.DebugField)
	if rfc.ErrorField == fosite.ErrInvalidGrant.ErrorField || rfc.ErrorField == fosite.ErrInvalidClient.ErrorField {
		p.record(r, audit.Event{ActorID: clientID, Action: "oidc.token.refused", TargetType: "oauth_client", TargetID: clientID,
			Outcome: audit.OutcomeDenied})
	}
	p.oauth.WriteAccessError(r.Context(), w, ar, err)
	p.countToken(r, rfc.ErrorField)
}

// revoke is RFC 7009.
func (p *Provider) revoke(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p.oauth.WriteRevocationResponse(ctx, w, p.oauth.NewRevocationRequest(ctx, r))
}
