// Package session keeps the absence application's login sessions on the
// server, in the key-value store (memory in one process, Redis when several
// instances run), behind a cookie that holds nothing but a random id.
//
// A session holds what the ID token said about the user (subject, org,
// domain, roles, amr, acr, the IdP's session id "sid") and the raw ID token,
// which RP-initiated logout sends back as id_token_hint. The key under which
// a session is stored is a SHA-256 of the cookie value, so a dump of the
// store cannot be replayed as cookies. Sessions are indexed by sid and by
// subject, so a back-channel logout ends every session it names.
//
// Lifetime: an idle timeout (every request that loads the session extends
// it) within an absolute lifetime counted from the user's login at the
// provider (auth_time), both held to the AAL2 limits (MaxIdle 1 hour,
// MaxAbsolute 24 hours). A session without a known login time, or one
// whose login is already past the lifetime, is not started.
//
// It must not know about OpenID Connect messages or rights; it stores and
// finds sessions.
package session
