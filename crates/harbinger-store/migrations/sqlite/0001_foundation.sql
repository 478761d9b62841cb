-- Foundation: users (minimal), instruments, bars, jobs, schedules.
-- Timestamps are Unix milliseconds (UTC) in INTEGER columns on both backends.

CREATE TABLE users (
    id            BLOB PRIMARY KEY NOT NULL,
    email         TEXT NOT NULL,
    password_hash TEXT,
    role          TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    plan          TEXT NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'pro', 'quant')),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE instruments (
    symbol      TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    asset_class TEXT NOT NULL DEFAULT 'equity',
    exchange    TEXT,
    sector      TEXT,
    currency    TEXT NOT NULL DEFAULT 'USD',
    created_at  INTEGER NOT NULL
);

-- Bar time is Unix seconds of the bar's opening instant.
CREATE TABLE bars (
    symbol      TEXT NOT NULL,
    interval    TEXT NOT NULL,
    time        INTEGER NOT NULL,
    open        REAL NOT NULL,
    high        REAL NOT NULL,
    low         REAL NOT NULL,
    close       REAL NOT NULL,
    volume      REAL NOT NULL,
    adj_close   REAL,
    source      TEXT NOT NULL,
    ingested_at INTEGER NOT NULL,
    PRIMARY KEY (symbol, interval, time)
) WITHOUT ROWID;

CREATE TABLE jobs (
    id           BLOB PRIMARY KEY NOT NULL,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL DEFAULT '{}',
    status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'dead')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    run_at       INTEGER NOT NULL,
    lease_until  INTEGER,
    locked_by    TEXT,
    last_error   TEXT,
    unique_key   TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    finished_at  INTEGER,
    CONSTRAINT jobs_unique_key UNIQUE (unique_key)
);
CREATE INDEX jobs_ready ON jobs (status, run_at);

CREATE TABLE schedules (
    name        TEXT PRIMARY KEY NOT NULL,
    kind        TEXT NOT NULL,
    every_ms    INTEGER NOT NULL CHECK (every_ms > 0),
    next_run_at INTEGER NOT NULL,
    last_run_at INTEGER,
    updated_at  INTEGER NOT NULL
);
