-- Portfolios: a user's named books of transactions. Positions, P&L and returns are derived
-- from the transactions on read, never stored. Amounts are decimal text (exact; never floats).
CREATE TABLE portfolios (
    id            BLOB PRIMARY KEY NOT NULL,
    user_id       BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    base_currency TEXT NOT NULL DEFAULT 'USD',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX portfolios_user ON portfolios (user_id, created_at);

CREATE TABLE portfolio_transactions (
    id           BLOB PRIMARY KEY NOT NULL,
    portfolio_id BLOB NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL
                 CHECK (kind IN ('buy', 'sell', 'dividend', 'fee', 'cash_in', 'cash_out')),
    time         INTEGER NOT NULL,
    symbol       TEXT,
    quantity     TEXT NOT NULL,
    price        TEXT NOT NULL,
    fee          TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX portfolio_transactions_portfolio ON portfolio_transactions (portfolio_id, time);
