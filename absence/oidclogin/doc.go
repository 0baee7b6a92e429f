// Package oidclogin is the absence application's side of OpenID Connect with
// Mijn Account: discovery, the authorization code flow with PKCE (S256),
// checking the ID token, verifying back-channel logout tokens and building
// the RP-initiated logout URL. It uses github.com/coreos/go-oidc/v3 and
// golang.org/x/oauth2.
//
// What an ID token must show before the application trusts it:
//   - a valid signature from a key in the provider's JWKS, iss equal to the
//     configured issuer, aud holding the client id (and azp equal to it when
//     there are several audiences), not expired (go-oidc);
//   - the nonce of this login (compared in constant time);
//   - an amr with a second factor (otp, sms, hwk or rec) and acr aal2 (or
//     aal3), whatever else the provider says;
//   - the claims the application works with: sub, sid, org and domain;
//   - an auth_time no older than Config.MaxAge (sent as max_age in the
//     authorization request) plus two minutes' skew, and not in the future.
//
// A logout token must carry typ logout+jwt in its header, be signed by the
// provider, name the issuer and this client, carry the back-channel logout
// event, a jti, sub or sid, and no nonce (go-oidc checks most of it).
//
// Discovery happens on first use and is retried on the next use when the
// provider was unreachable, so the application can start before Mijn Account.
//
// It must not know about sessions, pages, rights or storage. Package
// oidctest is a small provider for tests: discovery, JWKS, authorize, token
// and end-session endpoints with tokens the test shapes itself.
package oidclogin
