//! Configuration: defaults in code, then an optional `harbinger.toml`, then `HARBINGER_…`
//! environment variables (`__` separates nesting levels: `HARBINGER_MARKET__PROVIDERS` sets
//! `market.providers`). Unknown keys in the file, bad values and missing or placeholder
//! secrets stop start-up with one line naming the key; unknown environment variables are
//! reported as warnings.

mod auth;
mod lenient;
mod load;
mod secret;
mod validate;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use auth::{AuthConfig, parse_key};
pub use lenient::List;
pub use load::{ConfigError, Loaded, load};
pub use secret::Secret;

/// Everything Harbinger can be told.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// `development` (the default: dev mailbox allowed, plain cookies on loopback) or
    /// `production` (an https public URL and SMTP required).
    pub mode: Mode,
    /// `HOST:PORT`; port 0 picks a free port (the server prints the URL).
    pub listen: String,
    pub data_dir: PathBuf,
    /// Default `sqlite://<data_dir>/harbinger.db`; or `postgres://…`.
    pub database_url: Option<String>,
    /// Unset: in-process cache, pub/sub and rate limits.
    pub redis_url: Option<Secret>,
    /// Base for links in emails and Stripe return URLs; `https://…` turns on HSTS.
    pub public_url: Option<String>,
    pub sentry_dsn: Option<Secret>,
    /// A tracing filter, e.g. `info,harbinger=debug`.
    pub log: String,
    pub log_format: LogFormat,
    pub http: HttpConfig,
    pub auth: AuthConfig,
    pub market: MarketConfig,
    pub stripe: StripeConfig,
    pub plans: PlansConfig,
    pub ai: AiConfig,
    pub smtp: SmtpConfig,
    pub metrics: MetricsConfig,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            mode: Mode::Development,
            listen: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./harbinger-data"),
            database_url: None,
            redis_url: None,
            public_url: None,
            sentry_dsn: None,
            log: "info".into(),
            log_format: LogFormat::Pretty,
            http: HttpConfig::default(),
            auth: AuthConfig::default(),
            market: MarketConfig::default(),
            stripe: StripeConfig::default(),
            plans: PlansConfig::default(),
            ai: AiConfig::default(),
            smtp: SmtpConfig::default(),
            metrics: MetricsConfig::default(),
        }
    }
}

impl Config {
    /// The database URL in effect: the configured one, or SQLite under the data dir.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("harbinger.db").display()))
    }
}

/// What the server is run for; production refuses the shortcuts development allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Development,
    Production,
}

impl Config {
    /// True when the listen address is a loopback one (only this machine can connect).
    pub fn listens_on_loopback(&self) -> bool {
        self.listen
            .parse::<std::net::SocketAddr>()
            .is_ok_and(|a| a.ip().is_loopback())
    }

    /// The start-up warning for a development server other machines can reach: its cookies
    /// are `Secure` (so they only work over https) but everything else development allows
    /// (the dev mailbox, plain-http links) is still on.
    pub fn exposure_warning(&self) -> Option<String> {
        (self.mode == Mode::Development && !self.listens_on_loopback()).then(|| {
            format!(
                "development mode on {}, which other machines can reach: NOT FOR PRODUCTION \
                 (dev mailbox, no https requirement). Set HARBINGER_MODE=production with an \
                 https HARBINGER_PUBLIC_URL and HARBINGER_SMTP__URL, or listen on 127.0.0.1",
                self.listen
            )
        })
    }

    /// Session cookies carry `Secure` and the `__Host-` prefix unless the server runs in
    /// development on loopback over plain http.
    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
            || !(self.mode == Mode::Development && self.listens_on_loopback())
    }
}

/// How log lines look: human-readable or one JSON object per line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

/// HTTP server limits.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct HttpConfig {
    #[serde(deserialize_with = "lenient::parsed")]
    pub request_timeout_secs: u64,
    #[serde(deserialize_with = "lenient::parsed")]
    pub body_limit_bytes: usize,
    /// Grace period for requests in flight after SIGTERM.
    #[serde(deserialize_with = "lenient::parsed")]
    pub shutdown_grace_secs: u64,
    /// Seconds between WebSocket heartbeats; credentials are checked again at each.
    #[serde(deserialize_with = "lenient::parsed")]
    pub stream_heartbeat_secs: u64,
    /// Milliseconds between reads of the signal ledger's head for the streams (the bus
    /// wakes them sooner; this bounds the delay when it loses an event).
    #[serde(deserialize_with = "lenient::parsed")]
    pub stream_poll_ms: u64,
    /// CIDRs of the load balancers and proxies in front of the server. Only a request whose
    /// socket peer is inside one has its `X-Forwarded-For` (else `Forwarded`) read for the
    /// client's address; empty: the socket peer is always the client.
    pub trusted_proxies: List,
    /// Requests to `/readyz` and `/metrics` together per client address and minute (a burst
    /// of the whole quota is allowed, then an even pace).
    #[serde(deserialize_with = "lenient::parsed")]
    pub operations_requests_per_minute: u32,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            request_timeout_secs: 30,
            body_limit_bytes: 1024 * 1024,
            shutdown_grace_secs: 10,
            stream_heartbeat_secs: 15,
            stream_poll_ms: 1_000,
            trusted_proxies: List::default(),
            operations_requests_per_minute: 300,
        }
    }
}

/// Market-data providers, tried in order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct MarketConfig {
    pub providers: List,
    pub yahoo_base_url: String,
    pub stooq_base_url: String,
    pub alphavantage_base_url: String,
    pub alphavantage_api_key: Option<Secret>,
    pub binance_base_url: String,
    /// Wall-clock seconds per replayed bar.
    #[serde(deserialize_with = "lenient::parsed")]
    pub replay_bar_seconds: f64,
    /// Stored bars synced this recently are served without asking a provider.
    #[serde(deserialize_with = "lenient::parsed")]
    pub fresh_secs: u64,
    /// When every provider fails, stored bars up to this old are served as stale; older → 503.
    #[serde(deserialize_with = "lenient::parsed")]
    pub stale_limit_hours: u64,
    /// How long the latest quote is cached.
    #[serde(deserialize_with = "lenient::parsed")]
    pub quote_ttl_secs: u64,
    /// Entries in the in-process cache tier.
    #[serde(deserialize_with = "lenient::parsed")]
    pub cache_entries: usize,
    /// Largest relative difference between two sources' last closes before the symbol is
    /// marked suspect (0.02 = 2 %).
    #[serde(deserialize_with = "lenient::parsed")]
    pub cross_check_tolerance: f64,
    /// How often the gap-fill job looks for missing sessions in stored daily bars.
    #[serde(deserialize_with = "lenient::parsed")]
    pub gap_fill_every_minutes: u64,
    /// How many days back the gap-fill job looks.
    #[serde(deserialize_with = "lenient::parsed")]
    pub gap_fill_days: u32,
}

impl Default for MarketConfig {
    fn default() -> Self {
        Self {
            providers: List(vec!["replay".into()]),
            yahoo_base_url: "https://query1.finance.yahoo.com".into(),
            stooq_base_url: "https://stooq.com".into(),
            alphavantage_base_url: "https://www.alphavantage.co".into(),
            alphavantage_api_key: None,
            binance_base_url: "https://api.binance.com".into(),
            replay_bar_seconds: 5.0,
            fresh_secs: 300,
            stale_limit_hours: 24,
            quote_ttl_secs: 30,
            cache_entries: 10_000,
            cross_check_tolerance: 0.02,
            gap_fill_every_minutes: 60,
            gap_fill_days: 30,
        }
    }
}

/// Stripe billing. Both secrets or neither.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct StripeConfig {
    pub secret_key: Option<Secret>,
    pub webhook_secret: Option<Secret>,
    pub base_url: String,
    /// Refused webhook deliveries per client address and minute before the answer is 429
    /// (valid deliveries never count).
    #[serde(deserialize_with = "lenient::parsed")]
    pub rejections_per_minute: u32,
}

impl Default for StripeConfig {
    fn default() -> Self {
        Self {
            secret_key: None,
            webhook_secret: None,
            base_url: "https://api.stripe.com".into(),
            rejections_per_minute: 10,
        }
    }
}

/// The limits of one plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanLimits {
    pub stripe_prices: List,
    #[serde(deserialize_with = "lenient::parsed")]
    pub signal_delay_hours: u32,
    #[serde(deserialize_with = "lenient::parsed")]
    pub watchlist_symbols: u32,
    #[serde(deserialize_with = "lenient::parsed")]
    pub portfolios: u32,
    #[serde(deserialize_with = "lenient::parsed")]
    pub api_keys: u32,
    #[serde(deserialize_with = "lenient::parsed")]
    pub requests_per_minute: u32,
    #[serde(deserialize_with = "lenient::parsed")]
    pub ai_notes_per_day: u32,
    /// Language-model tokens (prompt and answer) one user's notes may use per UTC day.
    #[serde(deserialize_with = "lenient::parsed")]
    pub ai_tokens_per_day: u32,
    /// Symbols one backtest may cover; 0 runs none of the user's own.
    #[serde(deserialize_with = "lenient::parsed")]
    pub backtest_symbols: u32,
    #[serde(deserialize_with = "lenient::parsed")]
    pub websocket: bool,
    /// WebSocket streams one user may hold open at once, per replica.
    #[serde(deserialize_with = "lenient::parsed")]
    pub websocket_connections: u32,
    /// CSV export of signals and the track record (every plan exports its own portfolios).
    #[serde(deserialize_with = "lenient::parsed")]
    pub csv_export: bool,
}

impl Default for PlanLimits {
    fn default() -> Self {
        Self::free()
    }
}

impl PlanLimits {
    fn free() -> Self {
        Self {
            stripe_prices: List::default(),
            signal_delay_hours: 24,
            watchlist_symbols: 5,
            portfolios: 1,
            api_keys: 0,
            requests_per_minute: 30,
            ai_notes_per_day: 0,
            ai_tokens_per_day: 0,
            backtest_symbols: 0,
            websocket: false,
            websocket_connections: 0,
            csv_export: false,
        }
    }
}

/// Plans and their limits; Stripe price ids map a payment to a plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct PlansConfig {
    pub free: PlanLimits,
    pub pro: PlanLimits,
    pub quant: PlanLimits,
}

impl Default for PlansConfig {
    fn default() -> Self {
        let paid = |watch, folios, keys, rpm, (notes, tokens), backtest, streams| PlanLimits {
            stripe_prices: List::default(),
            signal_delay_hours: 0,
            watchlist_symbols: watch,
            portfolios: folios,
            api_keys: keys,
            requests_per_minute: rpm,
            ai_notes_per_day: notes,
            ai_tokens_per_day: tokens,
            backtest_symbols: backtest,
            websocket: true,
            websocket_connections: streams,
            csv_export: true,
        };
        Self {
            free: PlanLimits::free(),
            pro: paid(100, 10, 1, 60, (20, 100_000), 20, 5),
            quant: paid(1_000, 100, 10, 600, (200, 1_000_000), 500, 25),
        }
    }
}

/// The research-note provider.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct AiConfig {
    /// `local`, `perplexity` or `openai` (any OpenAI-compatible server).
    pub provider: String,
    pub base_url: Option<String>,
    pub api_key: Option<Secret>,
    pub model: Option<String>,
}

impl Default for AiConfig {
    fn default() -> Self {
        Self {
            provider: "local".into(),
            base_url: None,
            api_key: None,
            model: None,
        }
    }
}

/// Outbound email. Unset URL: the dev mailbox (development only: stored, readable by admins).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SmtpConfig {
    /// `smtp://[user:pass@]host[:port]` (plain, loopback relays only in production),
    /// `smtp://…?tls=starttls` or `smtps://…` (implicit TLS).
    pub url: Option<Secret>,
    pub from: Option<String>,
    /// Development only: the admin mailbox shows mailed links whole instead of masking their
    /// tokens (for clicking through flows on a local machine).
    #[serde(deserialize_with = "lenient::parsed")]
    pub dev_mailbox_show_links: bool,
}

/// The Prometheus endpoint.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MetricsConfig {
    /// When set, `/metrics` requires `Authorization: Bearer <token>`.
    pub token: Option<Secret>,
}
