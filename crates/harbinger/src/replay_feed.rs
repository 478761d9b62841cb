//! The embedded default's live feed: the bundled history replayed bar by bar into the
//! database, so prices move with no network.

use std::sync::Arc;

use futures::StreamExt as _;
use harbinger_core::Interval;
use harbinger_market::{ReplayConfig, ReplayProvider};
use harbinger_marketdata::{BarBus, BarEvent};
use harbinger_store::{Store, StoreError};
use tokio_util::sync::CancellationToken;

/// Plays the replay tape into the store, and each stored bar onto the bar bus.
#[derive(Debug, Clone)]
pub struct ReplayFeed {
    provider: Arc<ReplayProvider>,
    store: Store,
    bus: Option<Arc<dyn BarBus>>,
}

impl ReplayFeed {
    pub fn new(store: Store, bar_seconds: f64) -> Result<Self, String> {
        let config = ReplayConfig::new(bar_seconds).map_err(|e| e.0)?;
        let provider = ReplayProvider::bundled(config).map_err(|e| e.to_string())?;
        Ok(Self {
            provider: Arc::new(provider),
            store,
            bus: None,
        })
    }

    /// Publishes every stored bar on `bars:<SYMBOL>`.
    #[must_use]
    pub fn with_bus(mut self, bus: Arc<dyn BarBus>) -> Self {
        self.bus = Some(bus);
        self
    }

    /// The replay provider itself, to share with the fallback chain.
    pub fn provider(&self) -> Arc<ReplayProvider> {
        Arc::clone(&self.provider)
    }

    /// Stores the history revealed before the first step (the warm-up), so charts and
    /// indicators have data from the first second. Idempotent.
    pub async fn seed(&self) -> Result<u64, StoreError> {
        let mut stored = 0;
        for symbol in self.provider.tape().symbols() {
            let bars = self
                .provider
                .revealed(symbol)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            stored += self
                .store
                .upsert_bars(symbol, Interval::D1, "replay", bars)
                .await?;
        }
        Ok(stored)
    }

    /// Advances one trading day per configured period and stores each bar, until `shutdown`.
    /// Replayed bars keep their real dates; after the tape loops they are written again
    /// unchanged (upserts are idempotent).
    pub async fn run(self, shutdown: CancellationToken) {
        let mut stream = self.provider.stream();
        loop {
            let next = tokio::select! {
                () = shutdown.cancelled() => break,
                next = stream.next() => next,
            };
            let Some(live) = next else { break };
            match self
                .store
                .upsert_bars(
                    &live.symbol,
                    live.interval,
                    live.source.as_str(),
                    &[live.bar],
                )
                .await
            {
                Ok(_) => {
                    metrics::counter!("harbinger_replay_bars_total").increment(1);
                    if let Some(bus) = &self.bus {
                        let event = BarEvent::new(
                            &live.symbol,
                            live.interval,
                            live.source.as_str(),
                            live.bar,
                        );
                        if let Err(e) = bus.publish(&event).await {
                            tracing::warn!(symbol = %live.symbol, error = %e, "replayed bar not published");
                        }
                    }
                }
                Err(e) => {
                    tracing::warn!(symbol = %live.symbol, error = %e, "replayed bar not stored");
                }
            }
        }
    }
}
