-- Backtests run on request, as jobs: the request, progress while it runs, the report when done.
CREATE TABLE backtests (
    id          BLOB PRIMARY KEY NOT NULL,
    user_id     BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    request     TEXT NOT NULL,
    done        INTEGER NOT NULL DEFAULT 0 CHECK (done >= 0),
    total       INTEGER NOT NULL CHECK (total >= 0),
    result      TEXT,
    error       TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX backtests_user ON backtests (user_id, created_at);
