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
-- single-use links like invitations.
ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_kind_check;
ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_kind_check
    CHECK (kind IN ('invitation', 'password_reset', 'email_confirmation'));
