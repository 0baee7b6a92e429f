-- Refresh tokens get an absolute lifetime per client, in seconds since the
-- user authorized the client; 0 means the default (90 days).
ALTER TABLE oauth_clients ADD COLUMN refresh_token_absolute_lifetime BIGINT NOT NULL DEFAULT 0;

-- email_verified is true only when the user proved the address: when and
-- how ('invitation', 'password_reset' or 'confirmation'; '' = unproven).
ALTER TABLE users ADD COLUMN email_verified_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN email_verified_by TEXT NOT NULL DEFAULT '';

-- Existing users: an accepted invitation or a used password-reset link was
-- mailed to the address and proves it (the invitation, the first proof,
-- wins). Everyone else, such as users created with a password by the
-- operator, starts unproven.
UPDATE users SET email_verified_by = 'password_reset',
    email_verified_at = (SELECT MAX(t.used_at) FROM account_tokens t
        WHERE t.user_id = users.id AND t.kind = 'password_reset' AND t.used_at > 0)
    WHERE EXISTS (SELECT 1 FROM account_tokens t
        WHERE t.user_id = users.id AND t.kind = 'password_reset' AND t.used_at > 0);
UPDATE users SET email_verified_by = 'invitation',
    email_verified_at = (SELECT MAX(t.used_at) FROM account_tokens t
        WHERE t.user_id = users.id AND t.kind = 'invitation' AND t.used_at > 0)
    WHERE EXISTS (SELECT 1 FROM account_tokens t
        WHERE t.user_id = users.id AND t.kind = 'invitation' AND t.used_at > 0);

-- Confirmation links for addresses of users created with a password are
-- single-use links like invitations: SQLite cannot change a CHECK, so the
-- table is rebuilt with the new kind.
CREATE TABLE account_tokens_new (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('invitation', 'password_reset', 'email_confirmation')),
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    created_by  TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT NOT NULL DEFAULT 0,
    attempts    INTEGER NOT NULL DEFAULT 0,
    voided      BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO account_tokens_new (id, kind, user_id, token_hash, created_by, created_at, expires_at, used_at, attempts, voided)
    SELECT id, kind, user_id, token_hash, created_by, created_at, expires_at, used_at, attempts, voided FROM account_tokens;
DROP TABLE account_tokens;
ALTER TABLE account_tokens_new RENAME TO account_tokens;
CREATE INDEX account_tokens_user ON account_tokens (user_id, kind);
