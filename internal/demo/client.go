package demo

import (
	"context"
	"errors"

	"github.com/ory/fosite"

	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// AbsenceClientID is the client the demo registers for the absence app.
const AbsenceClientID = "absence"

// AbsenceClient registers the absence application as a first-party
// client at baseURL (or gives the registered one a new secret) and returns
// its secret, which only this process knows.
func AbsenceClient(ctx context.Context, a *app.App, baseURL string) (string, error) {
	secret, err := oauthstore.NewSecret()
	if err != nil {
		return "", err
	}
	hash, err := oauthstore.HashSecret(secret)
	if err != nil {
		return "", err
	}
	_, err = a.OAuth.GetOAuthClient(ctx, AbsenceClientID)
	switch {
	case err == nil:
		return secret, a.OAuth.SetClientSecret(ctx, AbsenceClientID, hash)
	case !errors.Is(err, fosite.ErrNotFound):
		return "", err
	}
	_, err = a.OAuth.CreateClient(ctx, oauthstore.Client{
		ID: AbsenceClientID, Name: "Verzuim", SecretHash: hash, FirstParty: true,
		RedirectURIs:           []string{baseURL + "/callback"},
		PostLogoutRedirectURIs: []string{baseURL + "/logged-out"},
		BackchannelLogoutURI:   baseURL + "/backchannel-logout",
		GrantTypes:             []string{oauthstore.GrantAuthorizationCode, oauthstore.GrantRefreshToken},
		Scopes:                 []string{"openid", "profile", "email", "org", "roles", "offline_access"},
	})
	return secret, err
}
