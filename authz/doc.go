// Package authz is the OpenID Connect provider, built on ory/fosite.
//
// It owns the protocol endpoints — discovery, JWKS, authorization (code +
// PKCE S256 only), token (authorization code, refresh token with rotation,
// client credentials), introspection, revocation, userinfo and RP-initiated
// logout — the consent page for clients that are not first-party, and the
// claims that go into ID tokens, JWT access tokens and userinfo.
//
// The browser login is not here: the authorization endpoint sends the
// browser to /login (password and second factor, account/login and
// mfa/secondfactor) and back. Storage is authz/oauthstore, signing keys
// authz/keys, back-channel logout authz/backchannel.
//
// It must not:
//   - issue a code or token for a session without a verified second factor;
//   - issue a code or token without an expiry on the provider's clock
//     (tokenStrategy, codeStorage), or accept one after it;
//   - put personal data (name, address, organisation name) in an access
//     token: it goes to resource servers; identity is in the ID token and
//     userinfo;
//   - redirect to a URI that is not registered for the client (errors about
//     an unknown client or redirect URI are shown as a page);
//   - log tokens, codes, secrets or claims with personal data.
package authz
