-- Foundation: users (minimal), instruments, bars, jobs, schedules.
-- Timestamps are Unix milliseconds (UTC) in BIGINT columns on both backends.

CREATE TABLE users (
    id            UUID PRIMARY KEY,
    email         TEXT NOT NULL,
    password_hash TEXT,
    role          TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    plan          TEXT NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'pro', 'quant')),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE instruments (
    symbol      TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    asset_class TEXT NOT NULL DEFAULT 'equity',
    exchange    TEXT,
    sector      TEXT,
    currency    TEXT NOT NULL DEFAULT 'USD',
    created_at  BIGINT NOT NULL
);

-- Bar time is Unix seconds of the bar's opening instant.
CREATE TABLE bars (
    symbol      TEXT NOT NULL,
    interval    TEXT NOT NULL,
    time        BIGINT NOT NULL,
    open        DOUBLE PRECISION NOT NULL,
    high        DOUBLE PRECISION NOT NULL,
    low         DOUBLE PRECISION NOT NULL,
    close       DOUBLE PRECISION NOT NULL,
    volume      DOUBLE PRECISION NOT NULL,
    adj_close   DOUBLE PRECISION,
    source      TEXT NOT NULL,
    ingested_at BIGINT NOT NULL,
    PRIMARY KEY (symbol, interval, time)
);

CREATE TABLE jobs (
    id           UUID PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL DEFAULT '{}',
    status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'dead')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    run_at       BIGINT NOT NULL,
    lease_until  BIGINT,
    locked_by    TEXT,
    last_error   TEXT,
    unique_key   TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    finished_at  BIGINT,
    CONSTRAINT jobs_unique_key UNIQUE (unique_key)
);
CREATE INDEX jobs_ready ON jobs (status, run_at);

CREATE TABLE schedules (
    name        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    every_ms    BIGINT NOT NULL CHECK (every_ms > 0),
    next_run_at BIGINT NOT NULL,
    last_run_at BIGINT,
    updated_at  BIGINT NOT NULL
);
