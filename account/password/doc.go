// Package password hashes and checks user passwords.
//
// Hashing is argon2id (RFC 9106) with OWASP's minimum parameters by default
// (19 MiB memory, 2 passes, 1 lane), stored in the PHC string format
// "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>" so that parameters can be
// raised later: Verify reports when a stored hash was made with other
// parameters than the current ones, and the caller stores a fresh hash after
// the next successful login.
//
// DummyVerify costs the same as Verify and is used when no user (or no
// password) exists for an email address, so response times do not reveal
// which addresses have an account.
//
// Policy checks a new password against the organisation's rules (length,
// the user's email address, a built-in list of common passwords, optionally
// character classes) and returns translatable messages with stable ids.
//
// The package does not store anything, does not throttle and does not log:
// callers own users, rate limits and the audit trail. It never returns or
// logs a password.
package password
