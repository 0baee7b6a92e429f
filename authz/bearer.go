package authz

import (
	"context"
	"errors"
	"net/http"
	"slices"

	"github.com/ory/fosite"
)

// ErrNoToken is returned by ClientToken for a request without an active
// bearer token; ErrScope when the token lacks the scope.
var (
	ErrNoToken = errors.New("authz: no active bearer token")
	ErrScope   = errors.New("authz: token lacks the scope")
)

// ClientToken checks the request's bearer access token for an API of our
// own: it must be active (not expired, not revoked) and carry scope. It
// returns the id of the client the token was issued to.
func (p *Provider) ClientToken(ctx context.Context, r *http.Request, scope string) (string, error) {
	token := fosite.AccessTokenFromRequest(r)
	if token == "" {
		return "", ErrNoToken
	}
	_, ar, err := p.oauth.IntrospectToken(ctx, token, fosite.AccessToken, NewSession())
	if err != nil {
		return "", ErrNoToken
	}
	if !slices.Contains(ar.GetGrantedScopes(), scope) {
		return ar.GetClient().GetID(), ErrScope
	}
	return ar.GetClient().GetID(), nil
}
