use std::collections::HashMap;

use harbinger_core::Plan;

use crate::ratelimit::Quota;

/// Per-plan limits the security layer enforces.
#[derive(Debug, Clone, Copy)]
pub struct PlanQuota {
    /// API requests per minute per API key, and per user across their signed-in sessions.
    pub requests_per_minute: u32,
    /// Live API keys a user may hold.
    pub api_keys: u32,
    /// Symbols one backtest may cover (0: the plan runs no backtests of its own).
    pub backtest_symbols: u32,
    /// Symbols a watchlist may hold.
    pub watchlist_symbols: u32,
    /// Portfolios a user may keep.
    pub portfolios: u32,
    /// Hours before a signal's full content reaches this plan (0: at issue time).
    pub signal_delay_hours: u32,
    /// May export signals and the track record as CSV.
    pub csv_export: bool,
    /// WebSocket streams a user may hold open at once, per replica (0: no stream).
    pub stream_connections: u32,
    /// AI research notes a user may request per UTC day (0: none).
    pub ai_notes_per_day: u32,
    /// Language-model tokens (prompt and answer) a user's notes may use per UTC day.
    pub ai_tokens_per_day: u32,
}

/// Everything the accounts layer is told by configuration.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// A session unused this long ends (ms).
    pub session_idle_ms: i64,
    /// A session ends this long after login, used or not (ms).
    pub session_absolute_ms: i64,
    /// Cookies get `Secure` and the `__Host-` prefix (everywhere but development on loopback).
    pub secure_cookies: bool,
    /// The admin view of the dev mailbox shows links whole instead of masking their tokens.
    pub dev_mailbox_show_links: bool,
    /// Unverified accounts older than this are deleted (ms).
    pub unverified_ttl_ms: i64,
    /// Base of links in mails, e.g. `https://harbinger.example`.
    pub public_url: String,
    /// Failed logins per account and client address before that pair is locked, and the
    /// window they are counted over. The first lock lasts one window; each further lock
    /// within `login_lock_memory_ms` of the last doubles it, up to `login_lock_max_ms`.
    pub login_failures: Quota,
    pub login_lock_max_ms: i64,
    pub login_lock_memory_ms: i64,
    /// Login attempts per account from all addresses together. Beyond it an attempt waits
    /// one emission interval (seconds), so many addresses together can slow an account
    /// but not lock it.
    pub login_account_attempts: Quota,
    /// Login, register and reset attempts per IP.
    pub auth_per_ip: Quota,
    /// Any API request per IP without credentials.
    pub anonymous_per_ip: Quota,
    pub plans: HashMap<Plan, PlanQuota>,
    /// Password-reset links live this long (ms).
    pub reset_ttl_ms: i64,
    /// Verification and email-change links live this long (ms).
    pub verify_ttl_ms: i64,
    /// Password-hashing threads; 0: one per core ([`crate::password::default_threads`]).
    pub hash_concurrency: usize,
    /// Hashes that may wait for a thread; beyond that they are refused at once
    /// ([`crate::AuthError::Busy`]).
    pub hash_queue: usize,
}

impl Default for AuthSettings {
    fn default() -> Self {
        let plans = HashMap::from([
            (
                Plan::Free,
                PlanQuota {
                    requests_per_minute: 30,
                    api_keys: 0,
                    backtest_symbols: 0,
                    watchlist_symbols: 5,
                    portfolios: 1,
                    signal_delay_hours: 24,
                    csv_export: false,
                    stream_connections: 0,
                    ai_notes_per_day: 0,
                    ai_tokens_per_day: 0,
                },
            ),
            (
                Plan::Pro,
                PlanQuota {
                    requests_per_minute: 60,
                    api_keys: 1,
                    backtest_symbols: 20,
                    watchlist_symbols: 100,
                    portfolios: 10,
                    signal_delay_hours: 0,
                    csv_export: true,
                    stream_connections: 5,
                    ai_notes_per_day: 20,
                    ai_tokens_per_day: 100_000,
                },
            ),
            (
                Plan::Quant,
                PlanQuota {
                    requests_per_minute: 600,
                    api_keys: 10,
                    backtest_symbols: 500,
                    watchlist_symbols: 1_000,
                    portfolios: 100,
                    signal_delay_hours: 0,
                    csv_export: true,
                    stream_connections: 25,
                    ai_notes_per_day: 200,
                    ai_tokens_per_day: 1_000_000,
                },
            ),
        ]);
        Self {
            session_idle_ms: 30 * 60_000,
            session_absolute_ms: 12 * 3_600_000,
            secure_cookies: false,
            dev_mailbox_show_links: false,
            unverified_ttl_ms: 7 * 24 * 3_600_000,
            public_url: "http://127.0.0.1:8080".into(),
            login_failures: Quota::new("login", 5, 15 * 60_000),
            login_lock_max_ms: 4 * 3_600_000,
            login_lock_memory_ms: 24 * 3_600_000,
            login_account_attempts: Quota::new("login-account", 50, 3_600_000),
            auth_per_ip: Quota::new("auth", 20, 60_000),
            anonymous_per_ip: Quota::new("anonymous", 120, 60_000),
            plans,
            reset_ttl_ms: 30 * 60_000,
            verify_ttl_ms: 24 * 3_600_000,
            hash_concurrency: 0,
            hash_queue: 32,
        }
    }
}

impl AuthSettings {
    pub fn plan(&self, plan: Plan) -> PlanQuota {
        self.plans.get(&plan).copied().unwrap_or(PlanQuota {
            requests_per_minute: 30,
            api_keys: 0,
            backtest_symbols: 0,
            watchlist_symbols: 5,
            portfolios: 1,
            signal_delay_hours: 24,
            csv_export: false,
            stream_connections: 0,
            ai_notes_per_day: 0,
            ai_tokens_per_day: 0,
        })
    }
}
