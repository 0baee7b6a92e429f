// Package totp enrols and checks time-based one-time passwords (RFC 6238) for
// the second factor: SHA-1, 6 digits, 30-second steps, one step of clock
// skew either way, which is what every common authenticator app supports.
//
// It owns: generating a secret and its otpauth:// URL, rendering that URL as
// a QR code on the server (PNG and SVG, so no secret goes to a third-party
// QR service or into client-side script), and checking a code.
//
// # Replay
//
// Validate returns the time step the code matched. A step, once accepted, is
// never accepted again: the caller passes the last accepted step and must
// store the returned one atomically, so two concurrent requests with the same
// code cannot both win:
//
//	UPDATE factors SET last_step = $1 WHERE id = $2 AND last_step < $1
//
// Zero rows updated means another request already used this or a later step:
// treat it exactly like ErrReplay. Only after the update succeeds is the
// factor satisfied.
//
// # What this package must not do
//
// It does not store secrets (encrypt them with secretbox, associated data
// bound to the factor row), count failed attempts or rate-limit (the caller
// must, before calling Validate), read the clock (now is passed in), or log.
// Secrets and otpauth URLs must never be logged by callers either.
package totp
