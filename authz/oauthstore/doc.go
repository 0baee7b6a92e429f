// Package oauthstore is the persistence fosite needs to run Mijn Account's
// OAuth 2.0 and OpenID Connect endpoints, on SQLite or PostgreSQL.
//
// It owns:
//   - Client, our OAuth client (relying party) record, its validation
//     (ValidateClient) and the fosite.Client, fosite.OpenIDConnectClient and
//     fosite.ResponseModeClient views of it;
//   - client secrets: NewSecret makes them, SecretHasher hashes and compares
//     them (it is the fosite.Hasher to configure as ClientSecretsHasher);
//   - Store, which implements fosite's storage contracts for fosite v0.49.0:
//     fosite.ClientManager (clients and client-assertion JTIs),
//     oauth2.CoreStorage and oauth2.TokenRevocationStorage (authorization
//     codes, access and refresh tokens, revocation and refresh-token
//     rotation), openid.OpenIDConnectRequestStorage, pkce.PKCERequestStorage
//     and fosite's storage.Transactional; plus client administration, bulk
//     revocation (RevokeSubject, RevokeSession, RevokeClientTokens) and
//     Cleanup of expired rows.
//
// # Tables (migration 0006_oauth)
//
// oauth_clients holds clients, oauth_jtis the client-assertion JTIs seen, and
// oauth_requests every stored fosite request, in one table with a kind column
// ('code', 'access', 'refresh', 'pkce', 'oidc'). One table keeps revocation by
// request id, subject or login session and Cleanup to a single statement each,
// and all kinds share the same columns anyway. A row is keyed by (kind,
// key_hash), where key_hash is the hex SHA-256 of the key fosite hands in: the
// token signature for codes, tokens and PKCE, and the authorization code
// itself for OpenID Connect sessions (fosite passes the raw code there).
// Hashing every key means no row ever holds a usable token.
//
// Each row keeps the request id, client id, subject (Session.GetSubject), the
// login session id (when WithSessionID gives an extractor), requested and
// granted scopes and audience, the url-encoded form without credentials or
// tokens, requested_at, expires_at (from the session, per token type; a row
// without one is refused with ErrNoExpiry), an
// active flag and the session as JSON. Get methods unmarshal that JSON into
// the session fosite passes (GetOpenIDConnectSession, which is given none,
// into a new one of the type of the token request's session) and load the
// client from oauth_clients.
//
// # Rotation and revocation
//
// fosite v0.49.0 rotates refresh tokens through RotateRefreshToken: the
// presented refresh token is deactivated (a conditional update, so two
// concurrent refreshes with one token cannot both succeed), every other
// refresh token of the request is deactivated and its access tokens deleted.
// A deactivated refresh token stays until it expires, so reuse is detected:
// GetRefreshTokenSession returns the request with fosite.ErrInactiveToken and
// fosite then revokes the whole chain. A used authorization code likewise
// stays, inactive, and GetAuthorizeCodeSession returns its request with
// fosite.ErrInvalidatedAuthorizeCode so fosite can revoke the tokens issued
// from it. Revoking deletes access tokens (and, for RevokeSubject and its
// kin, PKCE and OpenID Connect requests) and deactivates codes and refresh
// tokens. Rotation is strict, without a grace period for a client that lost
// the refresh response: v0.49.0 no longer has RevokeRefreshTokenMaybeGracePeriod,
// and RotateRefreshToken keeps no old token valid.
//
// # Using it with fosite
//
// Pass the Store as fosite's storage and SecretHasher{} as the config's
// ClientSecretsHasher. Compose OAuth2AuthorizeExplicitFactory before
// OAuth2PKCEFactory: fosite's PKCE handler needs the code the other one makes,
// and at the token endpoint the code handler must see a replayed code (and
// revoke its tokens) before the PKCE handler finds the challenge gone.
//
// It must not:
//   - serve HTTP or decide who may log in or consent (handlers do);
//   - manage signing keys (fosite receives them from its configuration);
//   - store a raw token, authorization code or client secret, or put one in an
//     error message.
package oauthstore
