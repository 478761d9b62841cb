//! Gauges that need a query or a look at shared state, refreshed in the background so that
//! `/metrics` only renders what is in memory: a scrape never reaches the database, however
//! often it comes.

use std::time::Duration;

use harbinger_store::Store;
use harbinger_web::ProviderHealth;
use tokio_util::sync::CancellationToken;

/// How often the gauges are refreshed (a Prometheus scrape interval is usually 15 s or more).
pub const REFRESH_EVERY: Duration = Duration::from_secs(10);

/// What the gauges are read from.
#[derive(Clone)]
pub struct Gauges {
    store: Store,
    providers: ProviderHealth,
}

impl std::fmt::Debug for Gauges {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gauges").finish_non_exhaustive()
    }
}

impl Gauges {
    pub fn new(store: Store, providers: ProviderHealth) -> Self {
        Self { store, providers }
    }

    /// Sets the job-count and provider gauges once. A database that cannot be reached
    /// leaves the job counts as they were (logged) and is noticed by `/readyz`.
    pub async fn refresh(&self) {
        match self.store.job_counts().await {
            Ok(counts) => {
                for (status, n) in [
                    ("queued", counts.queued),
                    ("running", counts.running),
                    ("done", counts.done),
                    ("dead", counts.dead),
                ] {
                    metrics::gauge!("harbinger_jobs", "status" => status).set(n as f64);
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot count jobs for the metrics"),
        }
        for p in (self.providers)() {
            let labels = [("provider", p.provider.clone())];
            let open = match p.breaker.as_str() {
                "open" => 1.0,
                "half_open" => 0.5,
                _ => 0.0,
            };
            metrics::gauge!("harbinger_market_provider_breaker_open", &labels).set(open);
            metrics::gauge!("harbinger_market_provider_errors", &labels).set(p.errors_total as f64);
            if let Some(ms) = p.last_success_ms {
                metrics::gauge!("harbinger_market_provider_last_success_seconds", &labels)
                    .set(ms as f64 / 1000.0);
            }
        }
    }

    /// Refreshes the gauges every [`REFRESH_EVERY`] until `stop`.
    pub async fn run(self, stop: CancellationToken) {
        let mut tick = tokio::time::interval(REFRESH_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            tokio::select! {
                () = stop.cancelled() => break,
                _ = tick.tick() => self.refresh().await,
            }
        }
    }
}
