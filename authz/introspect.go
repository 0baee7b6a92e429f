package authz

import (
	"context"
	"net/http"
	"net/url"
	"slices"

	"github.com/ory/fosite"
)

// introspect is RFC 7662, for authenticated clients. A client learns about
// a token only when it is meant for it: the token was issued to that client,
// or names it in its audience. RFC 7662 §4 asks the server to "determine
// whether the token is intended to be used at the protected resource" and
// §2.2 lets it answer inactive otherwise, so a client cannot harvest other
// clients' tokens (subject, scope, organisation) by introspecting them.
//
// fosite also accepts a bearer access token as the caller's credential
// (§2.1 "or a separate OAuth 2.0 access token"). We take only a client's
// own client-credentials token there: a user's access token in a browser or
// app is no credential of a resource server.
func (p *Provider) introspect(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ir, err := p.oauth.NewIntrospectionRequest(ctx, r, NewSession())
	if err != nil {
		p.oauth.WriteIntrospectionError(ctx, w, err)
		return
	}
	caller, ok := p.introspectionCaller(ctx, r)
	if !ok {
		p.oauth.WriteIntrospectionError(ctx, w, fosite.ErrRequestUnauthorized.WithHint(
			"Introspection takes the client's own credentials or its client-credentials access token."))
		return
	}
	if ir.IsActive() && !meantFor(ir.GetAccessRequester(), caller) {
		p.oauth.WriteIntrospectionResponse(ctx, w, &fosite.IntrospectionResponse{Active: false})
		return
	}
	if ir.IsActive() && ir.GetTokenUse() == fosite.RefreshToken {
		// fosite v0.49.0 answers exp from the access token's expiry
		// whatever the token; RFC 7662 §2.2 wants the refresh token's own.
		// The session was read for this request only.
		sess := ir.GetAccessRequester().GetSession()
		sess.SetExpiresAt(fosite.AccessToken, sess.GetExpiresAt(fosite.RefreshToken))
	}
	p.oauth.WriteIntrospectionResponse(ctx, w, ir)
}

// introspectionCaller is the client that asked, after fosite authenticated
// the request: the Basic user name, or the client of a bearer token that
// was issued to the client itself (client credentials: subject = client).
func (p *Provider) introspectionCaller(ctx context.Context, r *http.Request) (string, bool) {
	if bearer := fosite.AccessTokenFromRequest(r); bearer != "" {
		_, ar, err := p.oauth.IntrospectToken(ctx, bearer, fosite.AccessToken, NewSession())
		if err != nil || ar.GetClient() == nil {
			return "", false
		}
		id := ar.GetClient().GetID()
		return id, ar.GetSession().GetSubject() == id
	}
	user, _, ok := r.BasicAuth()
	if !ok {
		return "", false
	}
	id, err := url.QueryUnescape(user)
	return id, err == nil && id != ""
}

// meantFor reports whether the token of ar may be shown to client: it was
// issued to it, or its granted audience names it.
func meantFor(ar fosite.AccessRequester, client string) bool {
	if ar == nil || ar.GetClient() == nil {
		return false
	}
	return ar.GetClient().GetID() == client || slices.Contains(ar.GetGrantedAudience(), client)
}
