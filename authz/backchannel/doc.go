// Package backchannel tells relying parties that a login session ended, by
// OpenID Connect Back-Channel Logout 1.0: for every client with a
// back-channel logout URI that holds tokens of the session (or of the user),
// it signs a logout token and POSTs it to that URI.
//
// It owns:
//   - the logout token: its claims (iss, aud, iat, exp two minutes later, a
//     random jti, sub and/or sid, the back-channel logout event, never a
//     nonce) and the check that the signed token carries the JWT type
//     "logout+jwt" (TokenType) and a real signature algorithm;
//   - Signer, the seam to the provider's signing key, with JWTSigner for a
//     fosite jwt.Signer, KeySigner for a go-jose JSON Web Key and SignFunc
//     for a plain function;
//   - delivery (Notifier): one form POST of logout_token per client, a few
//     clients at a time, retried with a short backoff on network errors and
//     5xx answers only, 200 and 204 counting as success; Notify waits for the
//     results, NotifyAsync runs detached from the request and logs them;
//   - NotifySession (and NotifySessionAsync): the same for a login session
//     whose clients the caller knows (the session manager keeps the ids of
//     the clients given a code), so a client is told even after its tokens
//     expired; each client once, unknown (deleted) ones skipped.
//
// It must not:
//   - follow a redirect (a redirecting endpoint has failed) or send the user
//     agent to a relying party: this is server-to-server only;
//   - log a logout token, subject or session id: log lines carry the client
//     id, the HTTP status and the number of attempts;
//   - decide which clients to notify (Targets, e.g. oauthstore.Store's
//     LogoutTargets, and the caller's client ids do), revoke tokens or end
//     the login session itself;
//   - manage signing keys (the Signer is handed the current one).
package backchannel
