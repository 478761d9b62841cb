-- The queryable index of the signal ledger: one row per signal, with its outcome filled in
-- when it is graded. The ledger stays the record; this table is derived from it in the same
-- transaction as each append, and rebuilt from it below for entries recorded before it existed.
CREATE TABLE signal_index (
    seq           BIGINT PRIMARY KEY,
    id            UUID NOT NULL UNIQUE,
    strategy      TEXT NOT NULL,
    symbol        TEXT NOT NULL,
    bar_time      BIGINT NOT NULL,
    issued_at     BIGINT NOT NULL,
    side          TEXT NOT NULL,
    confidence    DOUBLE PRECISION NOT NULL,
    model_version TEXT NOT NULL,
    -- When the full signal reaches the delayed (free) tier; before it, only its hash.
    released_at   BIGINT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open'
                  CHECK (status IN ('open', 'target_hit', 'stop_hit', 'expired')),
    outcome_seq   BIGINT,
    exit_time     BIGINT,
    ret           DOUBLE PRECISION
);
CREATE INDEX signal_index_symbol ON signal_index (symbol, seq);
CREATE INDEX signal_index_strategy ON signal_index (strategy, seq);
CREATE INDEX signal_index_status ON signal_index (status, seq);

INSERT INTO signal_index (seq, id, strategy, symbol, bar_time, issued_at, side, confidence,
                          model_version, released_at)
SELECT seq, id, strategy, symbol, bar_time, recorded_at,
       COALESCE(entry::jsonb ->> 'side', 'long'),
       COALESCE(entry::jsonb ->> 'confidence', '0')::DOUBLE PRECISION,
       COALESCE(entry::jsonb ->> 'model_version', ''),
       COALESCE((entry::jsonb ->> 'released_to_free_at')::BIGINT, recorded_at)
FROM signal_ledger WHERE kind = 'signal';

UPDATE signal_index SET
    status = COALESCE(o.entry::jsonb ->> 'status', 'expired'),
    outcome_seq = o.seq,
    exit_time = (o.entry::jsonb ->> 'exit_time')::BIGINT,
    ret = (o.entry::jsonb ->> 'return')::DOUBLE PRECISION
FROM signal_ledger o
WHERE o.kind = 'outcome' AND o.signal_id = signal_index.id;

-- A user's watchlist: the symbols they follow, in their order.
CREATE TABLE watchlist_symbols (
    user_id  UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    symbol   TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (user_id, symbol)
);

-- The backtest side of the track record: each strategy's signals replayed over the daily
-- history, as computed by the `track_record_backtest` job. Never blended with live figures.
CREATE TABLE track_record_backtest (
    strategy    TEXT PRIMARY KEY,
    computed_at BIGINT NOT NULL,
    report      TEXT NOT NULL
);
