//! The server's background jobs and their schedules.

use std::time::Duration;

use harbinger_jobs::{JobError, Runner};
use std::sync::Arc;

use harbinger_ledger::CheckpointKey;
use harbinger_store::{BACKTEST_JOB, SIGNAL_CHAIN, Store, StoreError};

/// Finished jobs are kept this long for inspection, then pruned.
const KEEP_FINISHED: Duration = Duration::from_hours(168);

/// How often the audit chain's head is signed (RELIABILITY A3: every 5 minutes).
const CHECKPOINT_EVERY_MS: i64 = 300_000;

/// How often the signal ledger's head is signed: daily.
const LEDGER_CHECKPOINT_EVERY_MS: i64 = 86_400_000;

/// Registers every job kind this build runs.
pub fn register(runner: Runner, checkpoint_key: CheckpointKey) -> Runner {
    let store = runner.store().clone();
    let key = Arc::new(checkpoint_key);
    let cp_store = store.clone();
    let ledger_store = store.clone();
    let ledger_key = key.clone();
    let bt_store = store.clone();
    let pub_store = store.clone();
    let runner = runner.handle("audit_checkpoint", move |_job| {
        let store = cp_store.clone();
        let key = key.clone();
        async move {
            let seq = sign_audit_head(&store, &key)
                .await
                .map_err(|e| JobError::Retry(e.to_string()))?;
            tracing::info!(seq, "audit log checkpoint signed");
            Ok(())
        }
    });
    let runner = runner.handle("ledger_checkpoint", move |_job| {
        let store = ledger_store.clone();
        let key = ledger_key.clone();
        async move {
            let seq = sign_ledger_head(&store, &key)
                .await
                .map_err(|e| JobError::Retry(e.to_string()))?;
            tracing::info!(seq, "signal ledger checkpoint signed");
            Ok(())
        }
    });
    let runner = runner.handle(PUBLISH_SIGNALS, move |_job| {
        let store = pub_store.clone();
        async move {
            let symbols = crate::signals::default_symbols().map_err(JobError::Permanent)?;
            let pass = crate::signals::run_pass(&store, &symbols)
                .await
                .map_err(JobError::Retry)?;
            for (symbol, reason) in &pass.skipped {
                tracing::warn!(%symbol, %reason, "signals suppressed");
            }
            if !pass.appended.is_empty() {
                tracing::info!(
                    new = pass.appended.len(),
                    head = pass.appended.last().map_or(0, |r| r.seq),
                    "signals recorded in the ledger"
                );
            }
            Ok(())
        }
    });
    let runner = runner.handle(BACKTEST_JOB, move |job| {
        let store = bt_store.clone();
        async move {
            let id = job
                .payload
                .get("id")
                .and_then(|v| v.as_str())
                .and_then(|s| uuid::Uuid::parse_str(s).ok())
                .ok_or_else(|| JobError::Permanent("backtest job without a backtest id".into()))?;
            crate::backtest_job::run(&store, id).await
        }
    });
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

/// The job that runs one publishing pass (see [`crate::signals`]).
pub const PUBLISH_SIGNALS: &str = "publish_signals";

/// Schedules the publishing pass every `every_ms` (idempotent): with the replay feed, once per
/// replayed day; with live providers, often enough to catch each closed bar. A pass over a bar
/// already seen records nothing new.
pub async fn ensure_signal_schedule(store: &Store, every_ms: i64) -> Result<(), StoreError> {
    let now = store.clock().now_ms();
    store
        .ensure_schedule(PUBLISH_SIGNALS, PUBLISH_SIGNALS, every_ms.max(1_000), now)
        .await
}

/// Registers the recurring schedules (idempotent; every replica calls it at start-up).
pub async fn ensure_schedules(store: &Store) -> Result<(), StoreError> {
    let now = store.clock().now_ms();
    store
        .ensure_schedule("prune_jobs", "prune_jobs", 3_600_000, now)
        .await?;
    store
        .ensure_schedule(
            "ledger_checkpoint",
            "ledger_checkpoint",
            LEDGER_CHECKPOINT_EVERY_MS,
            now,
        )
        .await?;
    store
        .ensure_schedule(
            "audit_checkpoint",
            "audit_checkpoint",
            CHECKPOINT_EVERY_MS,
            now,
        )
        .await
}

/// Signs the signal ledger's current head (nothing to do while it is empty); returns its seq.
pub async fn sign_ledger_head(store: &Store, key: &CheckpointKey) -> Result<i64, StoreError> {
    let (seq, hash) = store.ledger_head().await?;
    if seq > 0 {
        let cp = key.sign(SIGNAL_CHAIN, seq, hash, store.clock().now_ms());
        store.add_ledger_checkpoint(&cp).await?;
    }
    Ok(seq)
}

/// Signs the audit chain's current head (nothing to do while it is empty); returns its seq.
pub async fn sign_audit_head(store: &Store, key: &CheckpointKey) -> Result<i64, StoreError> {
    let (seq, hash) = store.audit_head().await?;
    if seq > 0 {
        let cp = key.sign("audit", seq, hash, store.clock().now_ms());
        store.add_audit_checkpoint(&cp).await?;
    }
    Ok(seq)
}
