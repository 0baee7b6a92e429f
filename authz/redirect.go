package authz

import (
	"github.com/ory/fosite"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// redirectURIRegistered reports whether the redirect_uri of an authorization
// request passes oauthstore's exact matching, which fosite's own matching is
// laxer than for loopback addresses (see Client.RedirectURIAllowed). A
// request without redirect_uri, or without a known client, is left to fosite.
func redirectURIRegistered(ar fosite.AuthorizeRequester) bool {
	if ar == nil {
		return true
	}
	client, ok := ar.GetClient().(*oauthstore.Client)
	raw := ar.GetRequestForm().Get("redirect_uri")
	return !ok || client == nil || raw == "" || client.RedirectURIAllowed(raw)
}
