-- Accounts and security: verification, two-factor, sessions, API keys, one-time tokens,
-- the dev mailbox and the append-only, hash-chained audit log.

ALTER TABLE users ADD COLUMN email_verified_at INTEGER;
ALTER TABLE users ADD COLUMN disabled_at INTEGER;
-- Base32 TOTP secret; never logged, never returned after enrolment.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at INTEGER;
-- Last accepted TOTP time step, so a code cannot be replayed within its window.
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;

-- Server-side sessions; only the SHA-256 of the cookie value is stored.
CREATE TABLE sessions (
    id           BLOB PRIMARY KEY NOT NULL,
    token_hash   TEXT NOT NULL,
    user_id      BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    ip           TEXT,
    user_agent   TEXT,
    CONSTRAINT sessions_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX sessions_user ON sessions (user_id);

-- API keys: SHA-256 of the whole key, plus a visible prefix to recognise it by.
CREATE TABLE api_keys (
    id           BLOB PRIMARY KEY NOT NULL,
    user_id      BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    secret_hash  TEXT NOT NULL,
    scopes       TEXT NOT NULL CHECK (scopes IN ('read', 'read,write')),
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER,
    CONSTRAINT api_keys_secret_hash_key UNIQUE (secret_hash)
);
CREATE INDEX api_keys_user ON api_keys (user_id);

-- Single-use tokens mailed to the user (verification, password reset, email change).
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id    BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'change_email')),
    new_email  TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);

CREATE TABLE recovery_codes (
    user_id   BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   INTEGER,
    PRIMARY KEY (user_id, code_hash)
);

-- Mail that would have been sent, when no SMTP server is configured.
CREATE TABLE dev_mailbox (
    id         BLOB PRIMARY KEY NOT NULL,
    to_addr    TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- One row per security event. hash = SHA-256(0x00 || prev_hash || canonical JSON of the row).
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY NOT NULL,
    id          BLOB NOT NULL,
    ts          INTEGER NOT NULL,
    actor_type  TEXT NOT NULL,
    actor_id    TEXT,
    ip          TEXT,
    user_agent  TEXT,
    request_id  TEXT,
    action      TEXT NOT NULL,
    target_type TEXT,
    target_id   TEXT,
    outcome     TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
    reason      TEXT,
    metadata    TEXT NOT NULL DEFAULT '{}',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- The chain's head: one row, updated first in every audited transaction so concurrent
-- writers queue on it (row lock on PostgreSQL, the write lock on SQLite).
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Signed checkpoints of the chain (kept outside audit_log; see harbinger-ledger).
CREATE TABLE audit_checkpoints (
    seq       INTEGER PRIMARY KEY NOT NULL,
    hash      TEXT NOT NULL,
    time_ms   INTEGER NOT NULL,
    signature TEXT NOT NULL
);
