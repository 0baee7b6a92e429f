-- The audit trail: ids only, one row per event, linked by a hash chain.
-- Times are Unix microseconds (UTC). Sequence numbers are assigned by the
-- application, 1, 2, 3 … without gaps; a gap means a removed row.
CREATE TABLE audit_events (
    seq         BIGINT PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor_id    TEXT   NOT NULL,
    action      TEXT   NOT NULL,
    target_type TEXT   NOT NULL,
    target_id   TEXT   NOT NULL,
    org_id      TEXT   NOT NULL,
    outcome     TEXT   NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
    request_id  TEXT   NOT NULL,
    ip_hash     TEXT   NOT NULL,
    reason      TEXT   NOT NULL,
    prev_hash   TEXT   NOT NULL,
    hash        TEXT   NOT NULL
);

CREATE INDEX audit_events_at ON audit_events (at);

-- Append-only guard. It stops mistakes, not someone who can drop it: the hash
-- chain is the proof (see the audit package documentation).
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused');
END;
