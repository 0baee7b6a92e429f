-- The provider's JWT signing keys (package authz/keys). One row per key; id is
-- the key's kid: random, never derived from the key. Times are Unix
-- microseconds (0 = unset).
--   state current   signs new tokens, published in the JWKS (one per alg)
--   state previous  the current key before the last rotation, still published
--                   so tokens it signed keep verifying (one per alg)
--   state retired   no longer published; its private key has been erased
-- public_key is the base64 (standard, padded) PKIX DER of the public key.
-- private_key is the PKCS#8 DER sealed with the secretbox keyring, bound to
-- "signing-key:<id>", so a sealed key copied to another row does not open.
CREATE TABLE signing_keys (
    id           TEXT PRIMARY KEY,
    alg          TEXT NOT NULL CHECK (alg IN ('ES256', 'RS256')),
    state        TEXT NOT NULL CHECK (state IN ('current', 'previous', 'retired')),
    public_key   TEXT NOT NULL UNIQUE,
    private_key  TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    activated_at BIGINT NOT NULL,
    retired_at   BIGINT NOT NULL DEFAULT 0,
    CHECK ((state = 'retired' AND private_key = '' AND retired_at <> 0)
        OR (state <> 'retired' AND private_key <> '' AND retired_at = 0))
);
-- At most one current and one previous key per algorithm: concurrent starts
-- and rotations that would make a second one fail and re-read instead.
CREATE UNIQUE INDEX signing_keys_current ON signing_keys (alg) WHERE state = 'current';
CREATE UNIQUE INDEX signing_keys_previous ON signing_keys (alg) WHERE state = 'previous';
