//! The server's background jobs and their schedules.

use std::time::Duration;

use harbinger_jobs::{JobError, Runner};
use harbinger_store::{Store, StoreError};

/// Finished jobs are kept this long for inspection, then pruned.
const KEEP_FINISHED: Duration = Duration::from_hours(168);

/// Registers every job kind this build runs.
pub fn register(runner: Runner) -> Runner {
    let store = runner.store().clone();
    runner.handle("prune_jobs", move |_job| {
        let store = store.clone();
        async move {
            let cutoff = store.clock().now_ms() - KEEP_FINISHED.as_millis() as i64;
            let n = store
                .prune_finished_jobs(cutoff)
                .await
                .map_err(|e| JobError::Retry(e.to_string()))?;
            tracing::info!(pruned = n, "pruned finished jobs");
            Ok(())
        }
    })
}

/// Registers the recurring schedules (idempotent; every replica calls it at start-up).
pub async fn ensure_schedules(store: &Store) -> Result<(), StoreError> {
    let now = store.clock().now_ms();
    store
        .ensure_schedule("prune_jobs", "prune_jobs", 3_600_000, now)
        .await
}
