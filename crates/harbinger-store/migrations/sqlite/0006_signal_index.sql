-- The queryable index of the signal ledger: one row per signal, with its outcome filled in
-- when it is graded. The ledger stays the record; this table is derived from it in the same
-- transaction as each append, and rebuilt from it below for entries recorded before it existed.
CREATE TABLE signal_index (
    seq           INTEGER PRIMARY KEY NOT NULL,
    id            BLOB NOT NULL UNIQUE,
    strategy      TEXT NOT NULL,
    symbol        TEXT NOT NULL,
    bar_time      INTEGER NOT NULL,
    issued_at     INTEGER NOT NULL,
    side          TEXT NOT NULL,
    confidence    REAL NOT NULL,
    model_version TEXT NOT NULL,
    -- When the full signal reaches the delayed (free) tier; before it, only its hash.
    released_at   INTEGER NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open'
                  CHECK (status IN ('open', 'target_hit', 'stop_hit', 'expired')),
    outcome_seq   INTEGER,
    exit_time     INTEGER,
    ret           REAL
);
CREATE INDEX signal_index_symbol ON signal_index (symbol, seq);
CREATE INDEX signal_index_strategy ON signal_index (strategy, seq);
CREATE INDEX signal_index_status ON signal_index (status, seq);

INSERT INTO signal_index (seq, id, strategy, symbol, bar_time, issued_at, side, confidence,
                          model_version, released_at)
SELECT seq, id, strategy, symbol, bar_time, recorded_at,
       COALESCE(json_extract(entry, '$.side'), 'long'),
       CAST(COALESCE(json_extract(entry, '$.confidence'), '0') AS REAL),
       COALESCE(json_extract(entry, '$.model_version'), ''),
       COALESCE(json_extract(entry, '$.released_to_free_at'), recorded_at)
FROM signal_ledger WHERE kind = 'signal';

UPDATE signal_index SET
    status = COALESCE(json_extract(o.entry, '$.status'), 'expired'),
    outcome_seq = o.seq,
    exit_time = json_extract(o.entry, '$.exit_time'),
    ret = CAST(json_extract(o.entry, '$.return') AS REAL)
FROM signal_ledger o
WHERE o.kind = 'outcome' AND o.signal_id = signal_index.id;

-- A user's watchlist: the symbols they follow, in their order.
CREATE TABLE watchlist_symbols (
    user_id  BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    symbol   TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (user_id, symbol)
);

-- The backtest side of the track record: each strategy's signals replayed over the daily
-- history, as computed by the `track_record_backtest` job. Never blended with live figures.
CREATE TABLE track_record_backtest (
    strategy    TEXT PRIMARY KEY NOT NULL,
    computed_at INTEGER NOT NULL,
    report      TEXT NOT NULL
);
