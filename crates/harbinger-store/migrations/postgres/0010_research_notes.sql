-- AI research notes: at most one per signal (signals are shared, so are their notes), only
-- ever stored after validation; a failed attempt keeps its reason and may be asked again.
-- ai_usage counts each user's notes and language-model tokens per UTC day, for the budget.
CREATE TABLE research_notes (
    signal_id    UUID PRIMARY KEY NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'ready', 'failed')),
    requested_by UUID REFERENCES users (id) ON DELETE SET NULL,
    provider     TEXT,
    model        TEXT,
    note         TEXT,
    error        TEXT,
    tokens       BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE ai_usage (
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day     BIGINT NOT NULL,
    notes   BIGINT NOT NULL DEFAULT 0,
    tokens  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, day)
);
