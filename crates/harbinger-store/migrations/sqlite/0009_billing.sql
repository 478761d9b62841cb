-- Billing: Stripe's events as received (the raw verified body, deduplicated by event id),
-- the customers checkout linked to users, and one snapshot per subscription. A user's plan
-- is derived from their subscriptions when an event is applied; billing_status keeps the
-- status behind it (NULL: no subscription, the plan was set by hand).
CREATE TABLE stripe_events (
    id           TEXT PRIMARY KEY NOT NULL,
    kind         TEXT NOT NULL,
    created      INTEGER NOT NULL,
    payload      TEXT NOT NULL,
    received_at  INTEGER NOT NULL,
    processed_at INTEGER,
    outcome      TEXT
);
CREATE INDEX stripe_events_pending ON stripe_events (received_at) WHERE processed_at IS NULL;

CREATE TABLE billing_customers (
    customer_id TEXT PRIMARY KEY NOT NULL,
    user_id     BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL
);
CREATE INDEX billing_customers_user ON billing_customers (user_id);

CREATE TABLE subscriptions (
    id                 TEXT PRIMARY KEY NOT NULL,
    user_id            BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    customer_id        TEXT NOT NULL,
    status             TEXT NOT NULL,
    plan               TEXT NOT NULL CHECK (plan IN ('free', 'pro', 'quant')),
    price_ids          TEXT NOT NULL,
    current_period_end INTEGER,
    event_created      INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);
CREATE INDEX subscriptions_user ON subscriptions (user_id);

ALTER TABLE users ADD COLUMN billing_status TEXT;
