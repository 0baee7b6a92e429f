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

-- Append-only guard. It stops mistakes, not the table owner or a superuser, who
-- can disable it: the hash chain is the proof (see the audit package
-- documentation). In production also grant the application role only INSERT
-- and SELECT on audit_events.
CREATE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
