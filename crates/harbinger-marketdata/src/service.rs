//! The market data service: "bars for a symbol, interval and range" and "the latest quote".
//!
//! Bars: the cache first (only *settled* answers are cached, and for good: a range that ends
//! before the newest stored bar holds closed bars, which never change), then the store. When
//! the store lacks the range, or its data was synced longer ago than `fresh_for`, the fallback
//! chain is asked once (the chain bounds the upstream calls), the validated bars are upserted
//! and published on the bar bus, and the answer is read back from the store. When every
//! provider fails, stored data synced within `stale_limit` is served with `stale: true`;
//! anything older is [`MarketError::Unavailable`], never silently wrong data.

use std::sync::Arc;

use harbinger_core::{Clock, Interval, Symbol};
use harbinger_market::breaker::counts_as_failure;
use harbinger_market::{History, MarketData, ProviderError};
use harbinger_store::{BarQuery, Store, StoredBar};
use serde::{Deserialize, Serialize};

use crate::bus::{BarBus, BarEvent};
use crate::cache::TieredCache;
use crate::error::MarketError;
use crate::record::CachedBar;
use crate::settings::{ServiceSettings, ms};

/// Which bars are wanted: an inclusive range of opening times in Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarsRequest {
    pub symbol: Symbol,
    pub interval: Interval,
    pub from: i64,
    pub to: i64,
    /// At most this many bars, oldest first.
    pub limit: i64,
}

/// Where an answer came from (for logs and tests; clients see `stale`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Cache,
    Store,
    Upstream,
    /// Every provider failed; stored data within the stale limit.
    Stale,
}

/// Bars, oldest first, and how fresh they are.
#[derive(Debug, Clone, PartialEq)]
pub struct BarsAnswer {
    pub bars: Vec<StoredBar>,
    /// True when no provider could confirm the data just now.
    pub stale: bool,
    /// The opening time of the newest bar returned, Unix seconds.
    pub as_of: Option<i64>,
    /// When a provider last delivered bars for this symbol and interval, Unix ms.
    pub synced_at_ms: Option<i64>,
    pub origin: Origin,
}

/// The latest price and how fresh it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteAnswer {
    pub symbol: String,
    pub price: f64,
    /// When the price was current, Unix seconds.
    pub time: i64,
    pub source: String,
    /// When a provider delivered it, Unix ms.
    pub fetched_at_ms: i64,
    pub stale: bool,
}

#[derive(Debug, Serialize, Deserialize)]
struct CachedAnswer {
    bars: Vec<CachedBar>,
    synced_at_ms: Option<i64>,
}

/// Cheap to clone; every clone shares the cache.
#[derive(Debug, Clone)]
pub struct MarketService {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    store: Store,
    chain: Arc<dyn MarketData>,
    cache: TieredCache,
    bus: Arc<dyn BarBus>,
    clock: Arc<dyn Clock>,
    settings: ServiceSettings,
}

impl MarketService {
    pub fn new(
        store: Store,
        chain: Arc<dyn MarketData>,
        cache: TieredCache,
        bus: Arc<dyn BarBus>,
        settings: ServiceSettings,
    ) -> Self {
        let clock = store.clock().clone();
        Self {
            inner: Arc::new(Inner {
                store,
                chain,
                cache,
                bus,
                clock,
                settings,
            }),
        }
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The provider chain behind the service.
    pub fn chain(&self) -> &Arc<dyn MarketData> {
        &self.inner.chain
    }

    pub fn bus(&self) -> &Arc<dyn BarBus> {
        &self.inner.bus
    }

    pub fn settings(&self) -> &ServiceSettings {
        &self.inner.settings
    }

    /// Bars for `req`; see the module docs for the order of sources.
    pub async fn bars(&self, req: &BarsRequest) -> Result<BarsAnswer, MarketError> {
        let me = &self.inner;
        let key = format!(
            "bars:{}:{}:{}:{}:{}",
            req.symbol, req.interval, req.from, req.to, req.limit
        );
        if let Some(hit) = me.cache.get::<CachedAnswer>(&key).await
            && let Some(bars) = hit.bars.iter().map(CachedBar::stored).collect()
        {
            return Ok(answer(bars, false, hit.synced_at_ms, Origin::Cache));
        }
        let now_ms = me.clock.now_ms();
        let now_s = now_ms.div_euclid(1000);
        let query = BarQuery {
            symbol: req.symbol.clone(),
            interval: req.interval,
            from: req.from,
            to: req.to,
            limit: req.limit,
        };
        let rows = me.store.bars(&query).await?;
        let newest = me.store.latest_bar_time(&req.symbol, req.interval).await?;
        let synced = me.store.bars_synced_at(&req.symbol, req.interval).await?;
        let checked_key = format!("checked:{key}");
        let checked = me.cache.get::<bool>(&checked_key).await.unwrap_or(false);

        // Everything up to `to` was delivered (a newer bar exists), or the page is full.
        let settled = !rows.is_empty()
            && (newest.is_some_and(|t| t >= req.to) || rows.len() as i64 >= req.limit);
        // The stored range starts where asked (give or take a long weekend).
        let head_ok = req.from <= 0
            || checked
            || rows
                .first()
                .is_some_and(|b| b.bar.time <= req.from + head_slack(req.interval));
        let fresh = checked || synced.is_some_and(|s| now_ms - s <= ms(me.settings.fresh_for));
        if !rows.is_empty() && head_ok && (settled || fresh) {
            if settled {
                self.remember(&key, &rows, synced).await;
            }
            return Ok(answer(rows, false, synced, Origin::Store));
        }

        let fetch_to = req.to.min(now_s);
        let fetch_from = match rows.last() {
            Some(last) if head_ok => last.bar.time,
            _ if req.from <= 0 => fetch_to - ms(me.settings.default_lookback) / 1000,
            _ => req.from,
        };
        if fetch_from > fetch_to {
            // A range wholly in the future: nothing any provider could add.
            return Ok(answer(rows, false, synced, Origin::Store));
        }
        match me
            .chain
            .history(&req.symbol, req.interval, fetch_from, fetch_to)
            .await
        {
            Ok(history) => {
                count_rejections(&history);
                self.ingest(&history, newest).await?;
                me.cache
                    .put(&checked_key, &true, Some(me.settings.fresh_for))
                    .await;
                let rows = me.store.bars(&query).await?;
                let newest = me.store.latest_bar_time(&req.symbol, req.interval).await?;
                let synced = me.store.bars_synced_at(&req.symbol, req.interval).await?;
                if !rows.is_empty() && newest.is_some_and(|t| t >= req.to) {
                    self.remember(&key, &rows, synced).await;
                }
                Ok(answer(rows, false, synced, Origin::Upstream))
            }
            Err(e) if !counts_as_failure(&e) => {
                // The providers answered that they have nothing (more) for this: what is
                // stored is all there is, and it is not stale.
                me.cache
                    .put(&checked_key, &true, Some(me.settings.fresh_for))
                    .await;
                if rows.is_empty() && newest.is_none() {
                    return Err(MarketError::NotFound(format!("{}: {e}", req.symbol)));
                }
                Ok(answer(rows, false, synced, Origin::Store))
            }
            Err(e) => self.stale_or_unavailable(req, rows, synced, &e, now_ms),
        }
    }

    fn stale_or_unavailable(
        &self,
        req: &BarsRequest,
        rows: Vec<StoredBar>,
        synced: Option<i64>,
        e: &ProviderError,
        now_ms: i64,
    ) -> Result<BarsAnswer, MarketError> {
        let limit = ms(self.inner.settings.stale_limit);
        let age = synced.map(|s| now_ms - s);
        if !rows.is_empty() && age.is_some_and(|a| a <= limit) {
            metrics::counter!("harbinger_market_stale_served_total").increment(1);
            tracing::warn!(symbol = %req.symbol, interval = %req.interval, age_ms = age,
                error = %e, "every provider failed; serving stale bars");
            return Ok(answer(rows, true, synced, Origin::Stale));
        }
        metrics::counter!("harbinger_market_unavailable_total").increment(1);
        tracing::warn!(symbol = %req.symbol, interval = %req.interval, age_ms = age,
            error = %e, "every provider failed and no recent data is stored");
        Err(MarketError::Unavailable {
            reason: match age {
                Some(a) if !rows.is_empty() => format!(
                    "no provider answered ({e}) and the stored data is {} h old",
                    a / 3_600_000
                ),
                _ => format!("no provider answered ({e}) and nothing recent is stored"),
            },
            retry_after_secs: self.inner.settings.retry_after.as_secs().max(1),
        })
    }

    /// Stores validated bars and publishes those newer than `newest` on the bus. With an
    /// empty store only the newest bar is published (a backfill is not a live feed).
    pub async fn ingest(&self, history: &History, newest: Option<i64>) -> Result<u64, MarketError> {
        let me = &self.inner;
        if history.bars.is_empty() {
            return Ok(0);
        }
        let source = history.source.as_str();
        let written = me
            .store
            .upsert_bars(&history.symbol, history.interval, source, &history.bars)
            .await?;
        let fresh: &[harbinger_core::Bar] = match newest {
            Some(t) => {
                let i = history.bars.partition_point(|b| b.time <= t);
                &history.bars[i..]
            }
            None => &history.bars[history.bars.len() - 1..],
        };
        for bar in fresh {
            let event = BarEvent::new(&history.symbol, history.interval, source, *bar);
            if let Err(e) = me.bus.publish(&event).await {
                tracing::warn!(symbol = %history.symbol, error = %e, "bar not published");
            }
        }
        Ok(written)
    }

    async fn remember(&self, key: &str, rows: &[StoredBar], synced_at_ms: Option<i64>) {
        let cached = CachedAnswer {
            bars: rows.iter().map(CachedBar::from).collect(),
            synced_at_ms,
        };
        self.inner.cache.put(key, &cached, None).await;
    }

    /// The latest price: cached for `quote_ttl`; when every provider fails, the last price
    /// fetched within `stale_limit` with `stale: true`.
    pub async fn latest(&self, symbol: &Symbol) -> Result<QuoteAnswer, MarketError> {
        let me = &self.inner;
        let key = format!("quote:{symbol}");
        let last_key = format!("quote_last:{symbol}");
        if let Some(q) = me.cache.get::<QuoteAnswer>(&key).await {
            return Ok(q);
        }
        let now_ms = me.clock.now_ms();
        match me.chain.latest(symbol).await {
            Ok(q) if q.price.is_finite() && q.price > 0.0 => {
                let answer = QuoteAnswer {
                    symbol: symbol.to_string(),
                    price: q.price,
                    time: q.time,
                    source: q.source.as_str().to_owned(),
                    fetched_at_ms: now_ms,
                    stale: false,
                };
                me.cache
                    .put(&key, &answer, Some(me.settings.quote_ttl))
                    .await;
                me.cache
                    .put(&last_key, &answer, Some(me.settings.stale_limit))
                    .await;
                Ok(answer)
            }
            Ok(q) => Err(MarketError::Unavailable {
                reason: format!("{symbol}: the provider sent a price of {}", q.price),
                retry_after_secs: me.settings.retry_after.as_secs().max(1),
            }),
            Err(e) => {
                let last = me.cache.get::<QuoteAnswer>(&last_key).await;
                match last {
                    Some(q) if now_ms - q.fetched_at_ms <= ms(me.settings.stale_limit) => {
                        metrics::counter!("harbinger_market_stale_served_total").increment(1);
                        Ok(QuoteAnswer { stale: true, ..q })
                    }
                    _ if !counts_as_failure(&e) => {
                        Err(MarketError::NotFound(format!("{symbol}: {e}")))
                    }
                    _ => Err(MarketError::Unavailable {
                        reason: format!("no provider answered ({e}) and no recent quote is known"),
                        retry_after_secs: me.settings.retry_after.as_secs().max(1),
                    }),
                }
            }
        }
    }
}

fn answer(
    bars: Vec<StoredBar>,
    stale: bool,
    synced_at_ms: Option<i64>,
    origin: Origin,
) -> BarsAnswer {
    BarsAnswer {
        as_of: bars.last().map(|b| b.bar.time),
        bars,
        stale,
        synced_at_ms,
        origin,
    }
}

/// How far after `from` the first stored bar may start and still count as covering it:
/// daily bars skip weekends and holidays (up to four days in a row).
const fn head_slack(interval: Interval) -> i64 {
    let s = interval.seconds();
    if s >= 86_400 {
        4 * 86_400 + s
    } else {
        3 * 86_400
    }
}

/// Counts the rows a provider sent that validation refused, by reason.
pub fn count_rejections(history: &History) {
    for r in &history.rejected {
        metrics::counter!(
            "harbinger_market_rejected_bars_total",
            "provider" => history.source.as_str(),
            "reason" => r.reason.label()
        )
        .increment(1);
    }
}
