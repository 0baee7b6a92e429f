package authz

import (
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/ory/fosite"
)

// userinfo answers with the claims the access token's scopes allow, read
// fresh from the account. A token without a user (client credentials) or
// without the openid scope is refused.
func (p *Provider) userinfo(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	token := fosite.AccessTokenFromRequest(r)
	if token == "" {
		bearerError(w, http.StatusUnauthorized, "invalid_request", "")
		return
	}
	_, ar, err := p.oauth.IntrospectToken(ctx, token, fosite.AccessToken, NewSession())
	if err != nil {
		bearerError(w, http.StatusUnauthorized, "invalid_token", "The access token is not active.")
		return
	}
	sess, ok := ar.GetSession().(*Session)
	if !ok || sess.SID == "" || !slices.Contains(ar.GetGrantedScopes(), ScopeOpenID) {
		bearerError(w, http.StatusForbidden, "insufficient_scope", "The token was not issued to a user with scope openid.")
		return
	}
	id, err := identity(ctx, p.opts.Accounts, sess.Subject, p.opts.Now())
	if err != nil {
		p.opts.Log.Error("userinfo unavailable", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "temporarily_unavailable"}, "no-store")
		return
	}
	if !id.usable(p.opts.Now()) {
		bearerError(w, http.StatusUnauthorized, "invalid_token", "The user can no longer log in.")
		return
	}
	claims := id.claims(ar.GetGrantedScopes())
	maps.Copy(claims, id.userOnlyClaims(ar.GetGrantedScopes()))
	claims["sub"] = id.User.ID
	writeJSON(w, http.StatusOK, claims, "no-store")
}

func bearerError(w http.ResponseWriter, status int, code, description string) {
	v := `Bearer error="` + code + `"`
	if description != "" {
		v += `, error_description="` + strings.ReplaceAll(description, `"`, "'") + `"`
	}
	w.Header().Set("WWW-Authenticate", v)
	writeJSON(w, status, map[string]string{"error": code, "error_description": description}, "no-store")
}
