-- Market data: symbols whose sources disagree (the cross-check gate).
-- A row means "suspect"; clearing the symbol deletes it. Timestamps are Unix milliseconds.

CREATE TABLE suspect_symbols (
    symbol     TEXT PRIMARY KEY NOT NULL,
    reason     TEXT NOT NULL,
    marked_at  BIGINT NOT NULL
);
