-- The helpdesk console (package account/helpdesk).
-- An organisation may demand that a second helpdesk user approves a reset of
-- a user's second factors before it takes effect (four-eyes).
ALTER TABLE orgs ADD COLUMN four_eyes_factor_reset BOOLEAN NOT NULL DEFAULT FALSE;

-- Every helpdesk action on a user, with the free-text reason the actor gave.
-- The reason stays here, out of the audit trail (which holds only the ticket
-- reference) and is shown to nobody. actor_id is a user id, or 'cli' for the
-- operator command line. A four-eyes request is a row with status 'pending'
-- until another helpdesk user approves or rejects it (decided_by,
-- decided_at); the decision is a row of its own naming the request in
-- request_id. Times are Unix microseconds.
CREATE TABLE helpdesk_actions (
    id             TEXT PRIMARY KEY,
    actor_id       TEXT NOT NULL,
    target_user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    org_id         TEXT NOT NULL,
    action         TEXT NOT NULL,
    factor_id      TEXT NOT NULL DEFAULT '',
    request_id     TEXT NOT NULL DEFAULT '',
    reason         TEXT NOT NULL,
    ticket         TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('done', 'pending', 'approved', 'rejected', 'expired')),
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_at     BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL
);
CREATE INDEX helpdesk_actions_user ON helpdesk_actions (target_user_id, created_at);
CREATE INDEX helpdesk_actions_status ON helpdesk_actions (status, created_at);
-- At most one open request per user and action.
CREATE UNIQUE INDEX helpdesk_actions_one_pending ON helpdesk_actions (target_user_id, action) WHERE status = 'pending';
