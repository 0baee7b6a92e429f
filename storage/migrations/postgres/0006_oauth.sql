-- OAuth 2.0 / OpenID Connect state kept for fosite (package authz/oauthstore).
-- Times are Unix microseconds (0 = unset). Lists (URIs, grant and response
-- types, scopes, audiences) are space-separated text: none of them can contain
-- whitespace. No raw token, code or client secret is ever stored.
CREATE TABLE oauth_clients (
    id                           TEXT PRIMARY KEY,
    name                         TEXT NOT NULL,
    secret_hash                  TEXT NOT NULL DEFAULT '',
    redirect_uris                TEXT NOT NULL DEFAULT '',
    post_logout_redirect_uris    TEXT NOT NULL DEFAULT '',
    backchannel_logout_uri       TEXT NOT NULL DEFAULT '',
    grant_types                  TEXT NOT NULL,
    response_types               TEXT NOT NULL DEFAULT '',
    scopes                       TEXT NOT NULL DEFAULT '',
    audience                     TEXT NOT NULL DEFAULT '',
    public                       BOOLEAN NOT NULL DEFAULT FALSE,
    first_party                  BOOLEAN NOT NULL DEFAULT FALSE,
    token_endpoint_auth_method   TEXT NOT NULL
        CHECK (token_endpoint_auth_method IN ('client_secret_basic', 'client_secret_post', 'none')),
    id_token_signed_response_alg TEXT NOT NULL CHECK (id_token_signed_response_alg IN ('ES256', 'RS256')),
    created_at                   BIGINT NOT NULL,
    secret_rotated_at            BIGINT NOT NULL DEFAULT 0,
    CHECK ((public AND secret_hash = '' AND token_endpoint_auth_method = 'none')
        OR (NOT public AND secret_hash <> '' AND token_endpoint_auth_method <> 'none'))
);

-- Every request fosite stores, one row per (kind, key):
--   code    authorization code, keyed by the code's signature
--   access  access token, keyed by the token's signature
--   refresh refresh token, keyed by the token's signature
--   pkce    PKCE challenge of a code, keyed by the code's signature
--   oidc    OpenID Connect authorization request, keyed by the code itself
-- key_hash is the hex SHA-256 of that key. Codes and refresh tokens turn
-- inactive when used or revoked (reuse detection); revoked access tokens are
-- deleted. session is fosite's session as JSON; subject and session_id are
-- copied out of it so that all tokens of a user or login session can be
-- revoked. form is url-encoded and holds no credentials or tokens.
CREATE TABLE oauth_requests (
    kind               TEXT NOT NULL CHECK (kind IN ('code', 'access', 'refresh', 'pkce', 'oidc')),
    key_hash           TEXT NOT NULL,
    request_id         TEXT NOT NULL,
    client_id          TEXT NOT NULL REFERENCES oauth_clients(id) ON DELETE CASCADE,
    subject            TEXT NOT NULL DEFAULT '',
    session_id         TEXT NOT NULL DEFAULT '',
    requested_scopes   TEXT NOT NULL DEFAULT '',
    granted_scopes     TEXT NOT NULL DEFAULT '',
    requested_audience TEXT NOT NULL DEFAULT '',
    granted_audience   TEXT NOT NULL DEFAULT '',
    form               TEXT NOT NULL DEFAULT '',
    session            TEXT NOT NULL,
    access_key_hash    TEXT NOT NULL DEFAULT '',
    requested_at       BIGINT NOT NULL,
    expires_at         BIGINT NOT NULL DEFAULT 0,
    active             BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (kind, key_hash)
);
CREATE INDEX oauth_requests_request ON oauth_requests (request_id, kind);
CREATE INDEX oauth_requests_subject ON oauth_requests (subject);
CREATE INDEX oauth_requests_session ON oauth_requests (session_id);
CREATE INDEX oauth_requests_client ON oauth_requests (client_id);
CREATE INDEX oauth_requests_expires ON oauth_requests (expires_at);

-- JTIs of client assertions (private_key_jwt, client_secret_jwt) seen until
-- they expire, to refuse replays.
CREATE TABLE oauth_jtis (
    jti        TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
CREATE INDEX oauth_jtis_expires ON oauth_jtis (expires_at);
