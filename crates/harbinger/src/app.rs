//! Start-up wiring: configuration in, a running server out.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use harbinger_jobs::{Runner, RunnerConfig, Scheduler};
use harbinger_ledger::CheckpointKey;
use harbinger_store::{ConnectOptions, Store, StoreError};
use harbinger_web::{
    AppState, BuildInfo, HttpLimits, MetricsToken, Operations, Probe, ProbeFuture,
    RejectedDeliveries,
};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use harbinger_auth::mailer::{SmtpEndpoint, SmtpMailer};
use harbinger_auth::ratelimit::{Limiter, Quota};
use harbinger_auth::settings::PlanQuota;
use harbinger_auth::{Accounts, AuthSettings, Mailer, SecretBox};

use crate::config::Config;
use crate::jobs;
use crate::replay_feed::ReplayFeed;
use harbinger_market::{BreakerConfig, BreakerState, FallbackChain, MarketData};
use harbinger_marketdata::{
    BarBus, CrossCheck, InProcessBus, MarketService, RedisBus, ServiceSettings, TieredCache,
};
use harbinger_web::{ProviderHealth, ProviderStatus, StreamHub, StreamSettings};

/// Why the server could not start. Each renders as one line for the operator.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(
        "cannot open the database at {url}: {source}; is it running, and is HARBINGER_DATABASE_URL right?"
    )]
    Database { url: String, source: StoreError },
    #[error("database migration failed: {0}")]
    Migrate(StoreError),
    #[error("replay feed: {0}")]
    Replay(String),
    #[error("market data: {0}")]
    Market(String),
    #[error("HARBINGER_REDIS_URL: {0}")]
    Redis(String),
    #[error("HARBINGER_SMTP__…: {0}")]
    Smtp(String),
    #[error("server keys: {0}")]
    Keys(String),
    #[error("HARBINGER_AI__…: {0}")]
    Ai(String),
    #[error(
        "cannot listen on {addr}: {source}; is another process using the port? Set HARBINGER_LISTEN"
    )]
    Bind {
        addr: String,
        source: std::io::Error,
    },
}

/// Opens the database named by the configuration and applies pending migrations.
pub async fn open_store(config: &Config) -> Result<Store, StartError> {
    let url = config.database_url();
    let store = Store::connect(&url, &ConnectOptions::default())
        .await
        .map_err(|source| StartError::Database {
            url: harbinger_store::redact(&url),
            source,
        })?;
    store.migrate().await.map_err(StartError::Migrate)?;
    crate::market::seed_instruments(&store)
        .await
        .map_err(StartError::Migrate)?;
    Ok(store)
}

/// A bound, ready-to-run server with its background workers.
#[derive(Debug)]
pub struct Application {
    listener: TcpListener,
    addr: SocketAddr,
    router: axum::Router,
    runner: Runner,
    scheduler: Scheduler,
    replay: Option<ReplayFeed>,
    /// Signs the audit head every 1,000 rows (the five-minute checkpoint is a job).
    audit_watch: (Store, CheckpointKey),
    /// Feeds the WebSocket streams; runs until shutdown, then closes them.
    stream: StreamHub,
    /// Refreshes the gauges `/metrics` renders.
    gauges: crate::gauges::Gauges,
    /// Writes the summaries of refused webhook deliveries.
    rejections: (Store, RejectedDeliveries),
    grace: Duration,
}

impl Application {
    /// Opens and migrates the database, connects the optional services, registers jobs and
    /// binds the listener. Nothing is served until [`Application::run`].
    pub async fn build(config: &Config) -> Result<Self, StartError> {
        Self::build_with_clock(config, Arc::new(harbinger_core::SystemClock)).await
    }

    /// As [`Application::build`], with every timestamp and lifetime taken from `clock`
    /// (tests move time to prove session timeouts).
    pub async fn build_with_clock(
        config: &Config,
        clock: Arc<dyn harbinger_core::Clock>,
    ) -> Result<Self, StartError> {
        // Bound first: with port 0 the links in mails need the port the system picked.
        let listener =
            TcpListener::bind(&config.listen)
                .await
                .map_err(|source| StartError::Bind {
                    addr: config.listen.clone(),
                    source,
                })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            addr: config.listen.clone(),
            source,
        })?;
        let store = open_store(config).await?.with_clock(clock.clone());
        let key = crate::keys::load_or_create(&config.data_dir).map_err(StartError::Keys)?;
        let limiter = match &config.redis_url {
            Some(url) => {
                Limiter::with_redis(clock.clone(), url.expose()).map_err(StartError::Redis)?
            }
            None => Limiter::in_process(clock.clone()),
        };
        let accounts = Accounts::new(
            store.clone(),
            limiter,
            auth_settings(config, addr),
            mailer(config, &store)?,
            SecretBox::new(&crate::keys::encryption_key(config).map_err(StartError::Keys)?),
        );
        let mut probes: Vec<(String, Probe)> = Vec::new();
        if config.redis_url.is_some() {
            probes.push(("redis".into(), redis_probe(accounts.limiter().clone())));
        }
        let rejections = RejectedDeliveries::new(
            accounts.limiter().clone(),
            clock.clone(),
            config.stripe.rejections_per_minute,
        );
        let bus = bar_bus(config)?;
        let replay = if config.market.providers.0.iter().any(|p| p == "replay") {
            let feed = ReplayFeed::new(store.clone(), config.market.replay_bar_seconds)
                .map_err(StartError::Replay)?
                .with_bus(bus.clone());
            feed.seed()
                .await
                .map_err(|e| StartError::Replay(e.to_string()))?;
            Some(feed)
        } else {
            None
        };
        let chain = market_chain(config, &store, replay.as_ref())?;
        let ledger_key = key.verifier().public_hex();
        let audit_watch = (store.clone(), CheckpointKey::from_bytes(&key.to_bytes()));
        let market = market_service(config, &store, &chain, bus.clone())?;
        let stream = StreamHub::new(
            store.clone(),
            bus.clone(),
            StreamSettings {
                heartbeat: Duration::from_secs(config.http.stream_heartbeat_secs),
                poll: Duration::from_millis(config.http.stream_poll_ms),
            },
        );
        let runner = jobs::register(
            Runner::new(store.clone(), RunnerConfig::default()),
            key,
            crate::signals::PassOptions::from_config(config),
            crate::signals::delayed_plans(config),
            bus,
        );
        let runner = crate::billing::register(runner, crate::billing::price_map(config));
        let runner = jobs::register_accounts(runner, accounts.clone());
        let researcher = harbinger_ai::Researcher::new(&crate::research::settings(config))
            .map_err(|e| StartError::Ai(e.to_string()))?;
        let runner = crate::research::register(runner, researcher);
        let gate = CrossCheck::new(
            store.clone(),
            chain.clone(),
            config.market.cross_check_tolerance,
        );
        let runner =
            jobs::register_market(runner, market.clone(), gate, config.market.gap_fill_days);
        jobs::ensure_schedules(&store)
            .await
            .map_err(StartError::Migrate)?;
        // With the replay feed a day passes every `replay_bar_seconds`; live daily bars close
        // once a day, and a minute's delay is plenty.
        let publish_every_ms = if replay.is_some() {
            (config.market.replay_bar_seconds * 1_000.0).clamp(1_000.0, 60_000.0) as i64
        } else {
            60_000
        };
        crate::billing::ensure_schedule(&store)
            .await
            .map_err(StartError::Migrate)?;
        jobs::ensure_signal_schedule(&store, publish_every_ms)
            .await
            .map_err(StartError::Migrate)?;
        jobs::ensure_market_schedules(
            &store,
            config.market.gap_fill_every_minutes,
            config.market.providers.0.len(),
        )
        .await
        .map_err(StartError::Migrate)?;
        let providers = provider_health(&chain);
        let gauges = crate::gauges::Gauges::new(store.clone(), providers.clone());
        // Before the first request, so the first scrape already has them.
        gauges.refresh().await;
        let state = AppState {
            store: store.clone(),
            metrics: harbinger_web::metrics_handle(),
            info: BuildInfo {
                version: env!("CARGO_PKG_VERSION"),
                backend: store.backend().as_str(),
            },
            limits: HttpLimits {
                body_limit: config.http.body_limit_bytes,
                request_timeout: Duration::from_secs(config.http.request_timeout_secs),
                hsts: config
                    .public_url
                    .as_deref()
                    .is_some_and(|u| u.starts_with("https://")),
                // Validated with the rest of the configuration.
                trusted_proxies: harbinger_web::TrustedProxies::parse(
                    &config.http.trusted_proxies.0,
                )
                .unwrap_or_default(),
            },
            probes: probes.into(),
            accounts,
            providers: Some(providers.clone()),
            ledger_key: Some(ledger_key),
            market,
            stream: stream.clone(),
            stripe: crate::billing::webhook(config),
            webhook_rejections: rejections.clone(),
            operations: Operations {
                quota: Quota::new(
                    "operations",
                    config.http.operations_requests_per_minute,
                    60_000,
                ),
                metrics_token: config
                    .metrics
                    .token
                    .as_ref()
                    .map(|t| MetricsToken::new(t.expose())),
            },
            readiness: harbinger_web::ReadinessCache::default(),
        };
        Ok(Self {
            listener,
            addr,
            router: harbinger_web::router(state),
            runner,
            scheduler: Scheduler::new(store.clone(), Duration::from_secs(1)),
            replay,
            audit_watch,
            stream,
            gauges,
            rejections: (store, rejections),
            grace: Duration::from_secs(config.http.shutdown_grace_secs),
        })
    }

    /// The address actually bound (port 0 resolved).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://HOST:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Serves until `shutdown` is cancelled, then stops taking connections, lets requests in
    /// flight finish (up to the grace period) and waits for the job in progress.
    pub async fn run(self, shutdown: CancellationToken) -> std::io::Result<()> {
        let workers = CancellationToken::new();
        let runner = tokio::spawn(self.runner.run(workers.clone()));
        let scheduler = tokio::spawn(self.scheduler.run(workers.clone()));
        let replay = self
            .replay
            .map(|feed| tokio::spawn(feed.run(workers.clone())));
        let (audit_store, audit_key) = self.audit_watch;
        let audit_watch = tokio::spawn(jobs::audit_row_checkpoints(
            audit_store,
            audit_key,
            workers.clone(),
        ));
        let stream = tokio::spawn(self.stream.run(shutdown.clone()));
        let gauges = tokio::spawn(self.gauges.run(workers.clone()));
        let (rejection_store, rejections) = self.rejections;
        let rejections = tokio::spawn(rejections.run(rejection_store, workers.clone()));
        let signal = shutdown.clone();
        let server = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move { signal.cancelled().await });
        let served = tokio::select! {
            res = server => res,
            () = async {
                shutdown.cancelled().await;
                tokio::time::sleep(self.grace).await;
            } => {
                tracing::warn!(grace = ?self.grace, "requests still running after the grace period; closing");
                Ok(())
            }
        };
        workers.cancel();
        let _ = tokio::time::timeout(self.grace, async {
            let _ = runner.await;
            let _ = scheduler.await;
            let _ = audit_watch.await;
            let _ = stream.await;
            let _ = gauges.await;
            let _ = rejections.await;
            if let Some(r) = replay {
                let _ = r.await;
            }
        })
        .await;
        served
    }
}

/// The accounts layer's settings from `[auth]`, `[plans]` and the public URL (without one,
/// links point at `listening`, the address actually bound).
pub fn auth_settings(config: &Config, listening: SocketAddr) -> AuthSettings {
    let a = &config.auth;
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{listening}"));
    let plan = |p: &crate::config::PlanLimits| PlanQuota {
        requests_per_minute: p.requests_per_minute.max(1),
        api_keys: p.api_keys,
        backtest_symbols: p.backtest_symbols,
        watchlist_symbols: p.watchlist_symbols,
        portfolios: p.portfolios,
        signal_delay_hours: p.signal_delay_hours,
        csv_export: p.csv_export,
        stream_connections: if p.websocket {
            p.websocket_connections
        } else {
            0
        },
        ai_notes_per_day: p.ai_notes_per_day,
        ai_tokens_per_day: p.ai_tokens_per_day,
    };
    let defaults = AuthSettings::default();
    AuthSettings {
        session_idle_ms: a.session_idle_minutes as i64 * 60_000,
        session_absolute_ms: a.session_absolute_hours as i64 * 3_600_000,
        secure_cookies: config.secure_cookies(),
        dev_mailbox_show_links: config.smtp.dev_mailbox_show_links,
        public_url: public_url.trim_end_matches('/').to_owned(),
        login_failures: Quota::new(
            "login",
            a.login_max_failures,
            a.login_failure_window_minutes as i64 * 60_000,
        ),
        login_lock_max_ms: a.login_lockout_max_hours as i64 * 3_600_000,
        login_account_attempts: Quota::new(
            "login-account",
            a.login_account_attempts_per_hour,
            3_600_000,
        ),
        auth_per_ip: Quota::new("auth", a.auth_requests_per_minute, 60_000),
        anonymous_per_ip: Quota::new("anonymous", a.anonymous_requests_per_minute, 60_000),
        plans: std::collections::HashMap::from([
            (harbinger_core::Plan::Free, plan(&config.plans.free)),
            (harbinger_core::Plan::Pro, plan(&config.plans.pro)),
            (harbinger_core::Plan::Quant, plan(&config.plans.quant)),
        ]),
        hash_concurrency: a.hash_concurrency,
        hash_queue: a.hash_queue,
        ..defaults
    }
}

/// SMTP when configured; otherwise the dev mailbox (validation allows that in development only).
fn mailer(config: &Config, store: &Store) -> Result<Mailer, StartError> {
    let Some(url) = &config.smtp.url else {
        return Ok(Mailer::DevMailbox(store.clone()));
    };
    let endpoint = SmtpEndpoint::parse(url.expose()).map_err(StartError::Smtp)?;
    let from = config.smtp.from.as_deref().unwrap_or_default();
    Ok(Mailer::Smtp(
        SmtpMailer::new(&endpoint, from).map_err(StartError::Smtp)?,
    ))
}

/// The configured providers in order, each behind a breaker. The replay provider is shared
/// with the live feed so both see the same cursor.
///
/// One user request makes at most two upstream calls (RELIABILITY M4): with a fallback
/// configured, providers do not retry on their own and two of them are tried; a single
/// provider keeps its one retry.
fn market_chain(
    config: &Config,
    store: &Store,
    replay: Option<&ReplayFeed>,
) -> Result<Arc<FallbackChain>, StartError> {
    let clock = store.clock().clone();
    let names = &config.market.providers.0;
    let retries = (names.len() > 1).then_some(0);
    let mut links: Vec<Arc<dyn MarketData>> = Vec::new();
    for name in names {
        match (name.as_str(), replay) {
            ("replay", Some(feed)) => links.push(feed.provider()),
            _ => links.push(
                crate::market::provider_with_retries(name, config, clock.clone(), retries)
                    .map_err(StartError::Market)?,
            ),
        }
    }
    Ok(Arc::new(
        FallbackChain::new(links, BreakerConfig::default(), clock).with_max_tries(2),
    ))
}

/// The bar bus: Redis pub/sub when Redis is configured, in process otherwise.
fn bar_bus(config: &Config) -> Result<Arc<dyn BarBus>, StartError> {
    Ok(match &config.redis_url {
        Some(url) => {
            Arc::new(RedisBus::new(url.expose()).map_err(|e| StartError::Redis(e.to_string()))?)
        }
        None => Arc::new(InProcessBus::new()),
    })
}

/// The service's settings from `[market]`.
pub fn market_settings(config: &Config) -> ServiceSettings {
    let m = &config.market;
    ServiceSettings {
        fresh_for: Duration::from_secs(m.fresh_secs),
        stale_limit: Duration::from_hours(m.stale_limit_hours),
        quote_ttl: Duration::from_secs(m.quote_ttl_secs),
        cache_entries: m.cache_entries,
        ..ServiceSettings::default()
    }
}

/// Bars and quotes over the chain: cache (in process, then Redis when configured), store,
/// providers.
fn market_service(
    config: &Config,
    store: &Store,
    chain: &Arc<FallbackChain>,
    bus: Arc<dyn BarBus>,
) -> Result<MarketService, StartError> {
    let settings = market_settings(config);
    let clock = store.clock().clone();
    let cache = match &config.redis_url {
        Some(url) => TieredCache::with_redis(settings.cache_entries, clock, url.expose())
            .map_err(StartError::Redis)?,
        None => TieredCache::in_process(settings.cache_entries, clock),
    };
    let chain: Arc<dyn MarketData> = chain.clone();
    Ok(MarketService::new(
        store.clone(),
        chain,
        cache,
        bus,
        settings,
    ))
}

/// Exposes the chain's health to the HTTP layer (readiness, metrics, the admin route).
fn provider_health(chain: &Arc<FallbackChain>) -> ProviderHealth {
    let chain = Arc::clone(chain);
    Arc::new(move || {
        chain
            .health()
            .into_iter()
            .map(|h| ProviderStatus {
                provider: h.provider.to_owned(),
                breaker: match h.breaker {
                    BreakerState::Closed => "closed",
                    BreakerState::Open => "open",
                    BreakerState::HalfOpen => "half_open",
                }
                .to_owned(),
                consecutive_failures: h.consecutive_failures,
                last_success_ms: h.last_success_ms,
                errors_total: h.errors_total,
                skipped_open: h.skipped_open,
            })
            .collect()
    })
}

/// A readiness probe that PINGs Redis over the rate limiter's connection (a managed one:
/// reconnected after a failure, so a restarted Redis is noticed without restarting Harbinger),
/// instead of opening a connection per check.
fn redis_probe(limiter: Limiter) -> Probe {
    Arc::new(move || -> ProbeFuture {
        let limiter = limiter.clone();
        Box::pin(async move {
            match tokio::time::timeout(Duration::from_secs(2), limiter.ping_redis()).await {
                Ok(Some(Ok(()))) => Ok("reachable".to_owned()),
                Ok(Some(Err(e))) => Err(format!("unreachable: {e}")),
                Ok(None) => Err("not configured".to_owned()),
                Err(_) => Err("no answer within 2 s".to_owned()),
            }
        })
    })
}

/// Waits for SIGINT or SIGTERM and cancels `token`.
pub async fn cancel_on_signal(token: CancellationToken) {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("shutdown requested; finishing requests in flight");
    token.cancel();
}
