-- Bookkeeping for the main database; domain tables follow in later versions.
CREATE TABLE IF NOT EXISTS instance (
    id         TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL
);
