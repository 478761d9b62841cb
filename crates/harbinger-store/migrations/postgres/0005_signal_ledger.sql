-- The signal ledger: append-only and hash-chained like the audit log. Each entry is a signal
-- (with its fixed outcome rules) or the outcome of one; hash = SHA-256(0x00 || prev_hash ||
-- canonical JSON of {seq, id, kind, recorded_at, entry}).
CREATE TABLE signal_ledger (
    seq         BIGINT PRIMARY KEY,
    id          UUID NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('signal', 'outcome')),
    recorded_at BIGINT NOT NULL,
    strategy    TEXT NOT NULL,
    symbol      TEXT NOT NULL,
    bar_time    BIGINT NOT NULL,
    -- For an outcome: the signal it grades.
    signal_id   UUID,
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

CREATE FUNCTION signal_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'signal_ledger is append-only';
END
$$;
CREATE TRIGGER signal_ledger_no_change BEFORE UPDATE OR DELETE ON signal_ledger
FOR EACH ROW EXECUTE FUNCTION signal_ledger_append_only();
CREATE TRIGGER signal_ledger_no_truncate BEFORE TRUNCATE ON signal_ledger
FOR EACH STATEMENT EXECUTE FUNCTION signal_ledger_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON signal_ledger FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON signal_ledger FROM CURRENT_USER;

CREATE TABLE signal_ledger_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO signal_ledger_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE signal_ledger_checkpoints (
    seq       BIGINT PRIMARY KEY,
    hash      TEXT NOT NULL,
    time_ms   BIGINT NOT NULL,
    signature TEXT NOT NULL
);
