//! The `backtest` job: runs a backtest accepted by `POST /api/v1/backtests` on stored daily
//! bars (the bundled history where the database has less), records progress as it goes and
//! stores the report. A request that cannot run (no bars for a symbol, say) ends `failed`
//! with the reason for the user; only a database that cannot be reached makes the job retry.

use std::time::Duration;

use harbinger_core::Symbol;
use harbinger_jobs::JobError;
use harbinger_model::CalibrationReport;
use harbinger_signals::backtest::{Detail, Report, run_many};
use harbinger_signals::signal::SignalRules;
use harbinger_store::Store;
use harbinger_web::AcceptedBacktest;
use uuid::Uuid;

use crate::history::{self, Range};

/// Points of each symbol's equity curve kept in the report, for charts.
const CURVE_POINTS: usize = 250;
/// Progress is written at most this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

fn retry(e: impl std::fmt::Display) -> JobError {
    JobError::Retry(e.to_string())
}

/// Runs the backtest `id` to its end.
pub async fn run(store: &Store, id: Uuid) -> Result<(), JobError> {
    let Some(run) = store.backtest(id, None).await.map_err(retry)? else {
        // Its owner deleted the account meanwhile.
        return Ok(());
    };
    if !store.start_backtest(id).await.map_err(retry)? {
        return Ok(());
    }
    let outcome = match serde_json::from_value::<AcceptedBacktest>(run.request) {
        Ok(request) => compute(store, id, &request).await?,
        Err(e) => Err(format!("the stored request no longer reads: {e}")),
    };
    match outcome {
        Ok((report, calibration)) => {
            let value = crate::commands::backtest::with_calibration(&report, calibration.as_ref());
            store.finish_backtest(id, &value).await.map_err(retry)?;
            tracing::info!(backtest = %id, symbols = report.symbols.len(), "backtest done");
        }
        Err(reason) => {
            tracing::info!(backtest = %id, %reason, "backtest failed");
            store.fail_backtest(id, &reason).await.map_err(retry)?;
        }
    }
    Ok(())
}

/// The report, or why the request cannot run. The outer error is a database failure.
async fn compute(
    store: &Store,
    id: Uuid,
    request: &AcceptedBacktest,
) -> Result<Result<(Report, Option<CalibrationReport>), String>, JobError> {
    let strategy = match harbinger_model::build_strategy(&request.strategy, &request.overrides()) {
        Ok(s) => s,
        Err(e) => return Ok(Err(e.to_string())),
    };
    let mut symbols = Vec::with_capacity(request.symbols.len());
    for raw in &request.symbols {
        match Symbol::parse(raw) {
            Ok(s) => symbols.push(s),
            Err(e) => return Ok(Err(format!("{raw}: {e}"))),
        }
    }
    let range = Range {
        from: request.from.unwrap_or(i64::MIN),
        to: request.to.unwrap_or(i64::MAX),
    };
    let series = match history::from_store(store, &symbols, range).await {
        Ok(s) => s,
        Err(e) => return Ok(Err(e)),
    };
    let cfg = request.config();
    let (tx, mut rx) = tokio::sync::watch::channel(0_usize);
    let work = tokio::task::spawn_blocking(move || {
        let views = series
            .iter()
            .map(|s| s.bars.view().map(|v| (s.symbol.clone(), v)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("bad series: {e}"))?;
        let detail = Detail {
            curve_points: CURVE_POINTS,
            trades: false,
        };
        let report = run_many(strategy.as_ref(), &views, &cfg, detail, |done, _| {
            tx.send_replace(done);
        })
        .map_err(|e| e.to_string())?;
        let bars: Vec<_> = views.iter().map(|(_, v)| *v).collect();
        let calibration =
            harbinger_model::calibration(strategy.as_ref(), &bars, SignalRules::default())
                .map_err(|e| e.to_string())?;
        Ok((report, calibration))
    });
    // Record progress while the engine works; the channel closes when it ends.
    let mut last = 0;
    while rx.changed().await.is_ok() {
        let done = *rx.borrow_and_update();
        if done != last {
            last = done;
            store
                .backtest_progress(id, i64::try_from(done).unwrap_or(i64::MAX))
                .await
                .map_err(retry)?;
        }
        tokio::time::sleep(PROGRESS_EVERY).await;
    }
    work.await
        .map_err(|e| JobError::Retry(format!("the backtest task stopped: {e}")))
}
