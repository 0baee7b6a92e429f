-- SMS billing on top of sms_ledger and sms_status_events (package billing):
-- tariffs with their notices, closed months with frozen statements, and
-- monthly budgets. Amounts are integer euro cents; times are BIGINT Unix
-- microseconds (UTC); months are 'YYYY-MM' in Europe/Amsterdam.

-- Tariffs in euro cents per segment. customer_id '' is the default for every
-- customer without an override of its own. effective_from is the first day
-- of a month at 00:00 Europe/Amsterdam; a tariff is in force from then until
-- the next tariff of the same customer_id takes effect.
CREATE TABLE sms_tariffs (
    id                TEXT PRIMARY KEY,
    customer_id       TEXT NOT NULL,
    cents_per_segment BIGINT NOT NULL CHECK (cents_per_segment >= 0),
    effective_from    BIGINT NOT NULL,
    entered_at        BIGINT NOT NULL,
    entered_by        TEXT NOT NULL,
    UNIQUE (customer_id, effective_from)
);

-- Notices of a new tariff to a billing customer's administrators, queued when
-- the tariff is entered and marked sent by whoever mails them.
CREATE TABLE sms_tariff_notices (
    id             TEXT PRIMARY KEY,
    tariff_id      TEXT NOT NULL REFERENCES sms_tariffs (id),
    customer_id    TEXT NOT NULL,
    previous_cents BIGINT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'sent')),
    created_at     BIGINT NOT NULL,
    sent_at        BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sms_tariff_notices_status ON sms_tariff_notices (status, created_at);

-- Closed billing months. closed_at is the cut-off: the month's statements
-- count the status events received up to it.
CREATE TABLE sms_billing_closes (
    month     TEXT PRIMARY KEY,
    closed_at BIGINT NOT NULL
);

-- The frozen statement of one billing customer for a closed month: usage
-- totals, adjustment totals and the SHA-256 of its lines (hex).
CREATE TABLE sms_statements (
    month          TEXT NOT NULL REFERENCES sms_billing_closes (month),
    customer_id    TEXT NOT NULL,
    customer_name  TEXT NOT NULL,
    messages       BIGINT NOT NULL,
    segments       BIGINT NOT NULL,
    amount_cents   BIGINT NOT NULL,
    delivered      BIGINT NOT NULL,
    failed         BIGINT NOT NULL,
    adj_delivered  BIGINT NOT NULL,
    adj_failed     BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    PRIMARY KEY (month, customer_id)
);

-- The lines of a statement: kind 'usage' (messages billed in the month) or
-- 'adjustment' (late status events for messages of an earlier closed month),
-- per organisation and purpose. Names are kept as they were at the close.
CREATE TABLE sms_statement_lines (
    month         TEXT NOT NULL,
    customer_id   TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('usage', 'adjustment')),
    org_id        TEXT NOT NULL,
    org_name      TEXT NOT NULL,
    purpose       TEXT NOT NULL,
    messages      BIGINT NOT NULL,
    segments      BIGINT NOT NULL,
    amount_cents  BIGINT NOT NULL,
    delivered     BIGINT NOT NULL,
    failed        BIGINT NOT NULL,
    PRIMARY KEY (month, customer_id, kind, org_id, purpose),
    FOREIGN KEY (month, customer_id) REFERENCES sms_statements (month, customer_id)
);

-- The messages of a closed month that had no outcome (no final status) at
-- its close, copied from sms_ledger at the close. A later month's adjustments
-- are the first final status events of these messages received in it.
CREATE TABLE sms_close_unresolved (
    month       TEXT NOT NULL REFERENCES sms_billing_closes (month),
    provider    TEXT NOT NULL,
    provider_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    org_id      TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    PRIMARY KEY (provider, provider_id)
);

-- Optional monthly SMS budget of a billing customer. warned_month is the
-- last month whose 80% warning was sent.
CREATE TABLE sms_budgets (
    customer_id   TEXT PRIMARY KEY,
    monthly_cents BIGINT NOT NULL CHECK (monthly_cents > 0),
    stop_at_limit BOOLEAN NOT NULL,
    warned_month  TEXT NOT NULL DEFAULT '',
    updated_at    BIGINT NOT NULL
);

-- Date-range reports over every customer.
CREATE INDEX sms_ledger_created ON sms_ledger (created_at);
