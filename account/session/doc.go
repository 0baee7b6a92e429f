// Package session keeps login sessions server-side in the key-value store
// (memory or Redis), so they can be listed and revoked.
//
// The browser holds only a gorilla/sessions cookie, signed and encrypted, that
// carries the session's secret id. The store never sees that id: records are
// kept under a handle, the SHA-256 of the id, which is also the public
// reference shown in the portal and used for revocation. A session ends when
// its idle timeout passes without use, at its absolute expiry, on logout, or
// when it is revoked; listeners registered with OnEnd hear of revocations and
// logouts (back-channel logout to relying parties builds on that).
//
// The package does not know how a user authenticated: callers pass the
// authentication methods (amr) and level (acr) they verified.
package session
