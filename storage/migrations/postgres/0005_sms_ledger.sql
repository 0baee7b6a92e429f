-- SMS usage ledger for billing: one row per message a provider accepted.
-- No phone numbers and no message bodies: a message is named by its provider
-- id only. org_id and customer_id are kept without foreign keys so that the
-- billing record outlives a removed organisation.
CREATE TABLE sms_ledger (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    segments    INTEGER NOT NULL CHECK (segments >= 1),
    provider    TEXT NOT NULL,
    provider_id TEXT NOT NULL,
    status      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (provider, provider_id)
);
CREATE INDEX sms_ledger_customer_created ON sms_ledger (customer_id, created_at);
CREATE INDEX sms_ledger_org_created ON sms_ledger (org_id, created_at);
