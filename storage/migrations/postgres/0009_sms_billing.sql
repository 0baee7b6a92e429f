-- Billing facts on every ledger row, fixed when the message is recorded:
-- the country calling code of the number, the tariff applied (euro cents per
-- segment) and the calendar month (Europe/Amsterdam, 'YYYY-MM') the row is
-- billed in. Status updates no longer change ledger rows: they are stored
-- beside them in sms_status_events.
ALTER TABLE sms_ledger ADD COLUMN country_prefix TEXT NOT NULL DEFAULT '';
ALTER TABLE sms_ledger ADD COLUMN tariff_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sms_ledger ADD COLUMN billing_month TEXT NOT NULL DEFAULT '';
CREATE INDEX sms_ledger_month_customer ON sms_ledger (billing_month, customer_id);

-- Delivery status reports from the provider (Twilio status callbacks), one
-- row per message and status: a repeated callback changes nothing.
CREATE TABLE sms_status_events (
    id          TEXT PRIMARY KEY,
    provider    TEXT NOT NULL,
    provider_id TEXT NOT NULL,
    status      TEXT NOT NULL,
    segments    INTEGER NOT NULL DEFAULT 0,
    error_code  INTEGER NOT NULL DEFAULT 0,
    received_at BIGINT NOT NULL,
    UNIQUE (provider, provider_id, status)
);
CREATE INDEX sms_status_events_received ON sms_status_events (received_at);
