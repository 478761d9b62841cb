-- Portfolios: a user's named books of transactions. Positions, P&L and returns are derived
-- from the transactions on read, never stored. Amounts are decimal text (exact; never floats).
CREATE TABLE portfolios (
    id            UUID PRIMARY KEY,
    user_id       UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    base_currency TEXT NOT NULL DEFAULT 'USD',
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX portfolios_user ON portfolios (user_id, created_at);

CREATE TABLE portfolio_transactions (
    id           UUID PRIMARY KEY,
    portfolio_id UUID NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL
                 CHECK (kind IN ('buy', 'sell', 'dividend', 'fee', 'cash_in', 'cash_out')),
    time         BIGINT NOT NULL,
    symbol       TEXT,
    quantity     TEXT NOT NULL,
    price        TEXT NOT NULL,
    fee          TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX portfolio_transactions_portfolio ON portfolio_transactions (portfolio_id, time);
