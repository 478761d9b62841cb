use std::time::Duration;

use harbinger_store::Store;
use tokio_util::sync::CancellationToken;

/// Polls the schedules table and enqueues due jobs. Every replica runs one; the store's
/// compare-and-swap makes each slot produce exactly one job cluster-wide.
#[derive(Debug, Clone)]
pub struct Scheduler {
    store: Store,
    tick: Duration,
}

impl Scheduler {
    pub fn new(store: Store, tick: Duration) -> Self {
        Self { store, tick }
    }

    /// One pass: returns how many jobs this replica enqueued.
    pub async fn tick(&self) -> usize {
        match self.store.claim_due_schedules().await {
            Ok(ids) => {
                if !ids.is_empty() {
                    tracing::debug!(count = ids.len(), "scheduled jobs enqueued");
                }
                ids.len()
            }
            Err(e) => {
                tracing::warn!(error = %e, "schedule tick failed; retrying next tick");
                0
            }
        }
    }

    /// Ticks until `shutdown` is cancelled.
    pub async fn run(self, shutdown: CancellationToken) {
        let mut every = tokio::time::interval(self.tick);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = shutdown.cancelled() => break,
                _ = every.tick() => { self.tick().await; }
            }
        }
    }
}
