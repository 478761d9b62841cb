-- Backtests run on request, as jobs: the request, progress while it runs, the report when done.
CREATE TABLE backtests (
    id          UUID PRIMARY KEY,
    user_id     UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    request     TEXT NOT NULL,
    done        BIGINT NOT NULL DEFAULT 0 CHECK (done >= 0),
    total       BIGINT NOT NULL CHECK (total >= 0),
    result      TEXT,
    error       TEXT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX backtests_user ON backtests (user_id, created_at);
