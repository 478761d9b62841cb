//! Two fake providers (Yahoo's chart API, Stooq's CSV) on loopback, a real database, a manual
//! clock, and the service over a chain of the two real HTTP clients.

use std::sync::Arc;
use std::time::Duration;

use harbinger_core::{Clock, Interval, ManualClock, Symbol};
use harbinger_fakes::providers::{self as fakes, DayBar, Reply, Upstream};
use harbinger_market::stooq::StooqProvider;
use harbinger_market::yahoo::YahooProvider;
use harbinger_market::{
    BreakerConfig, FallbackChain, HttpConfig, MarketData, RetryPolicy, ValidatorConfig,
};
use harbinger_marketdata::{
    BarBus, BarsRequest, InProcessBus, MarketService, ServiceSettings, TieredCache,
};
use harbinger_store::testing::TestDb;
use harbinger_store::{Backend, Store};

pub const DAY: i64 = 86_400;
/// Monday 2024-03-04, midnight UTC.
pub const MON: i64 = 1_709_510_400;

/// The week of 2024-03-04 (Mon–Fri), closes 100, 101 … 104.
pub fn week() -> Vec<DayBar> {
    (0..5)
        .map(|i| {
            let c = 100.0 + i as f64;
            (MON + i * DAY, c - 0.5, c + 1.0, c - 1.0, c, 1_000.0)
        })
        .collect()
}

/// Yahoo's chart answer for the week.
pub fn yahoo_week(symbol: &str) -> Reply {
    Reply::json(fakes::yahoo_chart_body(symbol, &week()))
}

/// Stooq's CSV for the week.
pub fn stooq_week() -> Reply {
    Reply::csv(fakes::stooq_csv_body(&week()))
}

/// Client settings: a 300 ms timeout and no retries of their own (the chain's second provider
/// is the retry), as the server configures a chain with a fallback.
pub fn http(base_url: &str) -> HttpConfig {
    HttpConfig {
        base_url: base_url.to_owned(),
        connect_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_millis(300),
        retry: RetryPolicy {
            max_retries: 0,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_secs(1),
        },
        user_agent: "harbinger-test".to_owned(),
    }
}

#[derive(Debug)]
pub struct Rig {
    /// Keeps the database alive as long as the rig.
    pub _db: TestDb,
    pub store: Store,
    pub clock: ManualClock,
    pub yahoo: Upstream,
    pub stooq: Upstream,
    pub chain: Arc<FallbackChain>,
    pub bus: Arc<InProcessBus>,
    pub service: MarketService,
}

impl Rig {
    /// Friday 2024-03-08 22:00 UTC, after the close; both fakes answer 404 until scripted.
    pub async fn new(backend: Backend) -> Self {
        Self::with_cache(backend, |clock| TieredCache::in_process(1_000, clock)).await
    }

    pub async fn with_cache(
        backend: Backend,
        cache: impl FnOnce(Arc<dyn Clock>) -> TieredCache,
    ) -> Self {
        let clock = ManualClock::new((MON + 4 * DAY + 22 * 3_600) * 1_000);
        let shared: Arc<dyn Clock> = Arc::new(clock.clone());
        let db = TestDb::new(backend).await;
        let store = db.store.clone().with_clock(shared.clone());
        let yahoo = fakes::upstream(Reply::status(404)).await;
        let stooq = fakes::upstream(Reply::status(404)).await;
        let providers: Vec<Arc<dyn MarketData>> = vec![
            Arc::new(YahooProvider::new(&http(&yahoo.base_url), ValidatorConfig::EQUITY).unwrap()),
            Arc::new(
                StooqProvider::new(
                    &http(&stooq.base_url),
                    ValidatorConfig::EQUITY,
                    shared.clone(),
                )
                .unwrap(),
            ),
        ];
        let chain = Arc::new(
            FallbackChain::new(providers, BreakerConfig::default(), shared.clone())
                .with_max_tries(2),
        );
        let bus = Arc::new(InProcessBus::new());
        let service = MarketService::new(
            store.clone(),
            chain.clone(),
            cache(shared),
            bus.clone() as Arc<dyn BarBus>,
            ServiceSettings::default(),
        );
        Self {
            _db: db,
            store,
            clock,
            yahoo,
            stooq,
            chain,
            bus,
            service,
        }
    }

    /// Upstream requests both fakes have served.
    pub fn upstream_calls(&self) -> (usize, usize) {
        (self.yahoo.hits(), self.stooq.hits())
    }
}

/// The week's daily bars of `symbol`, up to now (an open range: newer bars may come).
pub fn week_request(symbol: &str) -> BarsRequest {
    BarsRequest {
        symbol: Symbol::parse(symbol).unwrap(),
        interval: Interval::D1,
        from: MON,
        to: i64::MAX,
        limit: 5_000,
    }
}
