-- Second factors and recovery codes. TOTP secrets and phone numbers are kept
-- sealed (secretbox: AES-256-GCM with a key id); recovery codes as a hash.
CREATE TABLE factors (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('totp', 'sms', 'webauthn')),
    name          TEXT NOT NULL DEFAULT '',
    secret        TEXT NOT NULL DEFAULT '',
    credential    TEXT NOT NULL DEFAULT '',
    credential_id TEXT,
    last_step     BIGINT NOT NULL DEFAULT 0,
    sign_count    BIGINT NOT NULL DEFAULT 0,
    is_default    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    BIGINT NOT NULL,
    last_used_at  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX factors_user ON factors (user_id);
CREATE UNIQUE INDEX factors_credential ON factors (credential_id);

CREATE TABLE recovery_codes (
    user_id    TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
