-- Temporary phone swaps: while a swap runs, the user's SMS factor holds the
-- temporary number and the original number is kept here, sealed, until it
-- is put back (at ends_at by the background job, or earlier by hand).
CREATE TABLE phone_swaps (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    factor_id      TEXT NOT NULL REFERENCES factors(id) ON DELETE CASCADE,
    original_phone TEXT NOT NULL,
    started_at     BIGINT NOT NULL,
    started_by     TEXT NOT NULL,
    ends_at        BIGINT NOT NULL DEFAULT 0,
    reverted_at    BIGINT NOT NULL DEFAULT 0,
    reverted_by    TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX phone_swaps_one_active ON phone_swaps (user_id) WHERE reverted_at = 0;
CREATE INDEX phone_swaps_due ON phone_swaps (reverted_at, ends_at);
