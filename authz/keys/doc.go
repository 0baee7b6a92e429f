// Package keys owns the provider's JWT signing keys: the ES256 and RS256 keys
// that sign ID tokens, JWT access tokens and logout tokens, their rotation, and
// the JSON Web Key Set that publishes their public halves.
//
// # Storage
//
// Keys live in the database table signing_keys (migration 0007_signing_keys),
// shared by every server process and the command-line tool; no key exists
// only in one process's memory. A row holds the kid (random 16 bytes,
// base64url; never derived from the key), the algorithm, the state, the
// public key as PKIX DER and the private key as PKCS#8 DER sealed with the
// secretbox keyring under the additional data "signing-key:<kid>". A sealed
// key moved to another row therefore does not open, and published keys are
// derived from the opened private keys, so someone who can write to the
// database but does not hold the keyring can neither swap keys between kids
// nor slip in a verification key of their own. A row that does not open is an
// error naming its kid; it is never skipped.
//
// # States and the overlap rule
//
// Per algorithm there is at most one current and one previous key (a partial
// unique index enforces it, so concurrent starts and rotations cannot make a
// second one; on PostgreSQL, changes also take a transaction-scoped advisory
// lock so they queue instead of colliding, and SQLite transactions already
// take the write lock at BEGIN). Rotate and Import make a new current key; the old current key
// becomes previous and the old previous key becomes retired, which erases
// its private key. Current and previous keys are published in the JWKS and
// accepted when verifying; retired keys are neither. A key therefore stays
// published until the next rotation after the one that replaced it: tokens
// signed just before a rotation still verify. Rotate no more often than the
// longest token lifetime (plus RefreshInterval), or tokens signed with the
// previous key stop verifying before they expire.
//
// # Caching and activation
//
// A Manager keeps the published keys and their private keys in memory and
// reloads them from the database at most every RefreshInterval (30 seconds
// by default), so signing does not query the database each time and a
// rotation made by another process is picked up within that interval. An
// unknown kid or a missing signing key makes it reload early, at most once a
// second. When the reload fails, signing and verifying fail: no token is
// signed or accepted with a key the database no longer vouches for.
//
// Because other processes may still serve the old JWKS for up to
// RefreshInterval after a rotation, a new current key signs only once it has
// been current for RefreshInterval; until then the previous key keeps
// signing. A current key without a previous key (the first one) signs at once.
//
// # fosite
//
// Signer returns a fosite token/jwt.Signer for the openid and JWT access
// token strategies. It sets the kid and alg headers itself and passes other
// headers (such as typ) through. Its algorithm is a default: a header "alg"
// of ES256 or RS256 in the fosite session's headers (IDTokenHeaders or
// GetJWTHeader) selects that algorithm for one token, which is how a client
// registered with id_token_signed_response_alg RS256 gets RS256 ID tokens.
// Validate, Decode and Manager.Verify accept tokens signed by any published
// key whose algorithm matches the token's alg header, and refuse every other
// algorithm, including none and HMAC.
//
// # What this package must not do
//
// It has no HTTP handlers (the JWKS endpoint and the CLI belong to their own
// packages and call JWKS, Rotate and Import), and it never logs, prints or
// returns private key material: errors name kids, algorithms and key types
// only.
package keys
