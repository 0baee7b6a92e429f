// Package session keeps login sessions server-side in the key-value store
// (memory or Redis), so they can be listed and revoked.
//
// The browser holds only a gorilla/sessions cookie, signed and encrypted, that
// carries the session's secret id. The store never sees that id: records are
// kept under a handle, the SHA-256 of the id, which is also the public
// reference shown in the portal and used for revocation. A session ends when
// its idle timeout passes without use, at its absolute expiry, on logout, or
// when it is revoked; listeners registered with OnEnd hear of every end
// (back-channel logout to relying parties builds on that), each once.
//
// Expiry: a record is kept for a grace period (Options.ExpiryGrace) after its
// session's deadline, and every handle sits in an expiry index (a sorted set
// scored by deadline). SweepExpired, run periodically by every instance, ends
// the sessions past their deadline the way a revocation does, claiming each
// in the store first so that one instance records and ends it. A session
// that simply times out therefore still reaches its listeners, at the next
// sweep. The clients given a code in a session (AddClient) are kept beside
// it, so listeners know them even after the clients' tokens expired.
//
// Lifetimes: every session carries acr aal2, so whatever Policy it is
// given, a session ends after at most MaxIdle (1 hour) unused and MaxAbsolute
// (24 hours) after its start, also when the user chose to stay logged in;
// records stored with longer lifetimes are held to these when read (see
// aal2.go, NIST SP 800-63B-4 Sec. 2.2.3). "Stay logged in" gives a
// persistent cookie, and Remember keeps the user's email address in a
// separate signed and encrypted cookie for the next login form.
//
// The package does not know how a user authenticated: callers pass the
// authentication methods (amr) and level (acr) they verified.
package session
