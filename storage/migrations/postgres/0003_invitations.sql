-- Single-use links: invitations (7 days) and password resets (1 hour).
-- Only the SHA-256 of a link's token is stored.
CREATE TABLE account_tokens (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('invitation', 'password_reset')),
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    created_by  TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT NOT NULL DEFAULT 0,
    attempts    INTEGER NOT NULL DEFAULT 0,
    voided      BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, kind);
