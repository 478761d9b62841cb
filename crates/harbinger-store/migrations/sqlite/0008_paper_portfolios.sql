-- Paper portfolios: a portfolio that follows one strategy's signals by itself. Each long
-- signal buys `stake` worth at its entry price; its outcome sells the same quantity at the exit
-- price. `after_seq` is how far into the signal ledger the portfolio has followed.
CREATE TABLE paper_follows (
    portfolio_id BLOB PRIMARY KEY NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    strategy     TEXT NOT NULL,
    stake        TEXT NOT NULL,
    after_seq    INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
);

-- The positions a paper portfolio opened on a signal and has not closed yet.
CREATE TABLE paper_positions (
    portfolio_id BLOB NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    signal_id    BLOB NOT NULL,
    symbol       TEXT NOT NULL,
    quantity     TEXT NOT NULL,
    PRIMARY KEY (portfolio_id, signal_id)
);
