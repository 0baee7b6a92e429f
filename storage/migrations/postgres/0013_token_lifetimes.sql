-- Refresh tokens get an absolute lifetime per client, in seconds since the
-- user authorized the client; 0 means the default (90 days).
ALTER TABLE oauth_clients ADD COLUMN refresh_token_absolute_lifetime BIGINT NOT NULL DEFAULT 0;
