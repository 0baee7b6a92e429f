// Package secretbox encrypts small secrets at rest: TOTP secrets, phone
// numbers, BSNs and similar column values.
//
// It owns one thing: turning a plaintext plus its associated data into an
// opaque, self-describing string and back, with AES-256-GCM and a keyring
// that lets keys rotate.
//
// # Format
//
//	v1.<keyid>.<base64url-without-padding(nonce || ciphertext || tag)>
//
// The nonce is 12 random bytes per Seal. The key id selects the key in the
// Keyring, so values sealed under an old key still open after a new key is
// made current; NeedsRotation tells a background job which rows to re-seal.
// The version and key id are bound into the GCM associated data, together
// with the caller's additional data.
//
// # Associated data
//
// Callers MUST pass data that identifies the row and column the value belongs
// to (for example "factors.secret:" + factorID, or "users.bsn:" + userID).
// A sealed value copied to another row then fails to open, so someone who
// can write to the database but does not hold the keys cannot swap one
// user's secret for another's.
//
// # Keys
//
// Keys are 32 random bytes (GenerateKey). With random 96-bit nonces a key
// must not seal more than about 2^32 values; rotate long before that.
// ParseKeyring reads the configuration form "k2:<base64>,k1:<base64>", the
// first entry being current. Errors and the Keyring's String, GoString and
// MarshalText never contain key material.
//
// # What this package must not do
//
// It does not store keys, read environment variables or files, log, or
// decide what associated data a column uses; that belongs to the caller
// (config and storage). It never returns partial plaintext on failure and
// never says why a value failed to authenticate beyond ErrDecrypt.
package secretbox
