//! The server's background jobs and their schedules.

use std::time::Duration;

use harbinger_jobs::{JobError, Runner};
use std::sync::Arc;

use harbinger_core::{Interval, Symbol};
use harbinger_ledger::CheckpointKey;
use harbinger_marketdata::{CrossCheck, MarketService, Verdict};
use harbinger_store::{BACKTEST_JOB, SIGNAL_CHAIN, Store, StoreError};

/// Finished jobs are kept this long for inspection, then pruned.
const KEEP_FINISHED: Duration = Duration::from_hours(168);

/// How often the audit chain's head is signed (RELIABILITY A3: every 5 minutes).
const CHECKPOINT_EVERY_MS: i64 = 300_000;

/// Rows after which the audit head is signed without waiting for the five-minute checkpoint
/// (RELIABILITY A3: every 1,000 rows or 5 minutes, whichever comes first).
pub const AUDIT_CHECKPOINT_ROWS: i64 = 1_000;

/// How often the audit head is compared with the latest checkpoint.
const AUDIT_ROWS_POLL: Duration = Duration::from_secs(2);

/// How often the signal ledger's head is signed: daily.
const LEDGER_CHECKPOINT_EVERY_MS: i64 = 86_400_000;

/// Registers every job kind this build runs.
pub fn register(
    runner: Runner,
    checkpoint_key: CheckpointKey,
    publish: crate::signals::PassOptions,
    paper_delayed: Vec<harbinger_core::Plan>,
    bus: Arc<dyn harbinger_marketdata::BarBus>,
) -> Runner {
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
        let bus = bus.clone();
        let paper_delayed = paper_delayed.clone();
        async move {
            let symbols = crate::signals::default_symbols().map_err(JobError::Permanent)?;
            let pass = crate::signals::run_pass(&store, &symbols, publish)
                .await
                .map_err(JobError::Retry)?;
            crate::signals::announce(bus.as_ref(), &pass.appended).await;
            crate::signals::announce(bus.as_ref(), &pass.graded).await;
            let trades = crate::paper::follow_all(&store, &paper_delayed)
                .await
                .map_err(JobError::Retry)?;
            if trades > 0 {
                tracing::info!(trades, "paper portfolios followed their signals");
            }
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
    let tr_store = store.clone();
    let runner = runner.handle(crate::track_record::TRACK_RECORD_JOB, move |_job| {
        let store = tr_store.clone();
        async move {
            let n = crate::track_record::refresh(&store)
                .await
                .map_err(JobError::Retry)?;
            tracing::info!(strategies = n, "backtest track record refreshed");
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

/// The job that deletes accounts whose address was not verified within a week.
pub const EXPIRE_UNVERIFIED: &str = "expire_unverified";

/// Registers the accounts' housekeeping.
pub fn register_accounts(runner: Runner, accounts: harbinger_auth::Accounts) -> Runner {
    runner.handle(EXPIRE_UNVERIFIED, move |_job| {
        let accounts = accounts.clone();
        async move {
            let n = accounts
                .expire_unverified()
                .await
                .map_err(|e| JobError::Retry(e.to_string()))?;
            if n > 0 {
                tracing::info!(deleted = n, "unverified accounts expired");
            }
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
        .ensure_schedule(EXPIRE_UNVERIFIED, EXPIRE_UNVERIFIED, 3_600_000, now)
        .await?;
    store
        .ensure_schedule(
            crate::track_record::TRACK_RECORD_JOB,
            crate::track_record::TRACK_RECORD_JOB,
            86_400_000,
            // A minute after start, so start-up (and a test server) is not slowed by it.
            now + 60_000,
        )
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

/// Signs the audit head when it is `rows` or more past the latest checkpoint; returns the
/// seq signed (the head at signing time), if any.
pub async fn sign_audit_head_if_behind(
    store: &Store,
    key: &CheckpointKey,
    rows: i64,
) -> Result<Option<i64>, StoreError> {
    let (seq, _) = store.audit_head().await?;
    if seq - store.latest_audit_checkpoint_seq().await? < rows {
        return Ok(None);
    }
    sign_audit_head(store, key).await.map(Some)
}

/// Watches the audit log and signs its head every [`AUDIT_CHECKPOINT_ROWS`] rows, until
/// `stop`. Replicas each watch; two signing the same seq store one checkpoint.
pub async fn audit_row_checkpoints(
    store: Store,
    key: CheckpointKey,
    stop: tokio_util::sync::CancellationToken,
) {
    let mut tick = tokio::time::interval(AUDIT_ROWS_POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tokio::select! {
            () = stop.cancelled() => break,
            _ = tick.tick() => {}
        }
        match sign_audit_head_if_behind(&store, &key, AUDIT_CHECKPOINT_ROWS).await {
            Ok(Some(seq)) => tracing::info!(seq, "audit log checkpoint signed (row count)"),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "cannot check the audit log for a checkpoint"),
        }
    }
}

/// Registers the market-data jobs: `gap_fill` looks for missing sessions in the last
/// `gap_fill_days` of every symbol's stored daily bars and fills them through the chain;
/// `cross_check` compares two sources' last closes of every stored symbol and marks or clears
/// suspects.
pub fn register_market(
    runner: Runner,
    market: MarketService,
    cross_check: CrossCheck,
    gap_fill_days: u32,
) -> Runner {
    let gaps_market = market.clone();
    let runner = runner.handle("gap_fill", move |_job| {
        let market = gaps_market.clone();
        async move {
            let reports = fill_all_gaps(&market, gap_fill_days)
                .await
                .map_err(|e| JobError::Retry(e.to_string()))?;
            let missing: usize = reports.iter().map(|r| r.missing).sum();
            let filled: usize = reports.iter().map(|r| r.filled).sum();
            tracing::info!(symbols = reports.len(), missing, filled, "gap fill done");
            Ok(())
        }
    });
    runner.handle("cross_check", move |_job| {
        let (market, gate) = (market.clone(), cross_check.clone());
        async move {
            let mut suspects = 0;
            for raw in market
                .store()
                .bar_symbols(Interval::D1)
                .await
                .map_err(|e| JobError::Retry(e.to_string()))?
            {
                let Ok(symbol) = Symbol::parse(&raw) else {
                    continue;
                };
                let verdict = gate
                    .check(&symbol)
                    .await
                    .map_err(|e| JobError::Retry(e.to_string()))?;
                suspects += usize::from(matches!(verdict, Verdict::Disagree { .. }));
            }
            tracing::info!(suspects, "cross-check done");
            Ok(())
        }
    })
}

/// Fills the gaps of every symbol with stored daily bars. A provider failure is reported per
/// symbol; only a database failure fails the whole run (the job is then retried).
pub async fn fill_all_gaps(
    market: &MarketService,
    days: u32,
) -> Result<Vec<harbinger_marketdata::GapReport>, harbinger_marketdata::MarketError> {
    let mut reports = Vec::new();
    for raw in market.store().bar_symbols(Interval::D1).await? {
        let Ok(symbol) = Symbol::parse(&raw) else {
            continue;
        };
        let report = market.fill_gaps(&symbol, days).await?;
        if report.missing > 0 {
            tracing::info!(symbol = %symbol, missing = report.missing, filled = report.filled,
                still_missing = report.still_missing.len(), "gaps in daily bars");
        }
        reports.push(report);
    }
    Ok(reports)
}

/// How often sources are cross-checked (once a day: daily closes change once a day).
const CROSS_CHECK_EVERY_MS: i64 = 86_400_000;

/// The market-data schedules (idempotent). The cross-check runs only when two or more
/// providers are configured: one source has nothing to be compared with.
pub async fn ensure_market_schedules(
    store: &Store,
    gap_fill_every_minutes: u64,
    providers: usize,
) -> Result<(), StoreError> {
    let now = store.clock().now_ms();
    let every = i64::try_from(gap_fill_every_minutes).unwrap_or(60).max(1) * 60_000;
    store
        .ensure_schedule("gap_fill", "gap_fill", every, now + every)
        .await?;
    if providers >= 2 {
        store
            .ensure_schedule(
                "cross_check",
                "cross_check",
                CROSS_CHECK_EVERY_MS,
                now + CROSS_CHECK_EVERY_MS,
            )
            .await?;
    }
    Ok(())
}
