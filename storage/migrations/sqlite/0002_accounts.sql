-- Organisations, roles, users and the roles users hold (package account).
-- Times are Unix microseconds (0 = unset); durations are microseconds.
-- Lists (factors, CIDRs, rights) are comma-separated text.
CREATE TABLE orgs (
    id                       TEXT PRIMARY KEY,
    name                     TEXT NOT NULL,
    domain                   TEXT NOT NULL CHECK (domain IN ('arbodienst', 'werkgever', 'verzekeraar', 'bedrijfsarts')),
    parent_id                TEXT REFERENCES orgs(id),
    billing_customer         BOOLEAN NOT NULL DEFAULT FALSE,
    allowed_factors          TEXT NOT NULL,
    password_min_length      INTEGER NOT NULL,
    password_require_classes BOOLEAN NOT NULL DEFAULT FALSE,
    session_idle_us          BIGINT NOT NULL,
    session_absolute_us      BIGINT NOT NULL,
    stay_logged_in_us        BIGINT NOT NULL,
    ip_allow_list            TEXT NOT NULL DEFAULT '',
    created_at               BIGINT NOT NULL,
    updated_at               BIGINT NOT NULL
);
CREATE INDEX orgs_parent ON orgs (parent_id);

CREATE TABLE roles (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    domain     TEXT NOT NULL CHECK (domain IN ('arbodienst', 'werkgever', 'verzekeraar', 'bedrijfsarts', 'platform')),
    rights     TEXT NOT NULL DEFAULT '',
    builtin    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    UNIQUE (domain, name)
);

CREATE TABLE users (
    id                   TEXT PRIMARY KEY,
    email                TEXT NOT NULL,
    email_lower          TEXT NOT NULL,
    name                 TEXT NOT NULL,
    org_id               TEXT NOT NULL REFERENCES orgs(id),
    birth_date           TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL CHECK (status IN ('invited', 'active', 'blocked')),
    password_hash        TEXT NOT NULL DEFAULT '',
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    locked_until         BIGINT NOT NULL DEFAULT 0,
    permanently_locked   BOOLEAN NOT NULL DEFAULT FALSE,
    last_failed_at       BIGINT NOT NULL DEFAULT 0,
    last_login_at        BIGINT NOT NULL DEFAULT 0,
    password_changed_at  BIGINT NOT NULL DEFAULT 0,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL,
    lang                 TEXT NOT NULL DEFAULT 'nl' CHECK (lang IN ('nl', 'en'))
);
CREATE UNIQUE INDEX users_email_lower ON users (email_lower);
CREATE INDEX users_org ON users (org_id);

-- A user holds a role from starts_at until ends_at (0 = unbounded), e.g. a
-- stand-in for a period. granted_by is the granting user's id ('' = operator).
CREATE TABLE user_roles (
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role_id    TEXT NOT NULL REFERENCES roles(id),
    starts_at  BIGINT NOT NULL DEFAULT 0,
    ends_at    BIGINT NOT NULL DEFAULT 0,
    granted_by TEXT NOT NULL DEFAULT '',
    granted_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, role_id, starts_at),
    CHECK (ends_at = 0 OR ends_at > starts_at)
);
CREATE INDEX user_roles_role ON user_roles (role_id);
