-- The signal ledger: append-only and hash-chained like the audit log. Each entry is a signal
-- (with its fixed outcome rules) or the outcome of one; hash = SHA-256(0x00 || prev_hash ||
-- canonical JSON of {seq, id, kind, recorded_at, entry}).
CREATE TABLE signal_ledger (
    seq         INTEGER PRIMARY KEY NOT NULL,
    id          BLOB NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('signal', 'outcome')),
    recorded_at INTEGER NOT NULL,
    strategy    TEXT NOT NULL,
    symbol      TEXT NOT NULL,
    bar_time    INTEGER NOT NULL,
    -- For an outcome: the signal it grades.
    signal_id   BLOB,
    entry       TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
-- At most one signal per (strategy, symbol, bar time), and one outcome per signal, whatever
-- the number of replicas.
CREATE UNIQUE INDEX signal_ledger_one_signal ON signal_ledger (strategy, symbol, bar_time)
    WHERE kind = 'signal';
CREATE UNIQUE INDEX signal_ledger_one_outcome ON signal_ledger (signal_id) WHERE kind = 'outcome';
CREATE INDEX signal_ledger_symbol ON signal_ledger (symbol, seq);

CREATE TRIGGER signal_ledger_no_update BEFORE UPDATE ON signal_ledger
BEGIN SELECT RAISE(ABORT, 'signal_ledger is append-only'); END;
CREATE TRIGGER signal_ledger_no_delete BEFORE DELETE ON signal_ledger
BEGIN SELECT RAISE(ABORT, 'signal_ledger is append-only'); END;

CREATE TABLE signal_ledger_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO signal_ledger_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE signal_ledger_checkpoints (
    seq       INTEGER PRIMARY KEY NOT NULL,
    hash      TEXT NOT NULL,
    time_ms   INTEGER NOT NULL,
    signature TEXT NOT NULL
);
