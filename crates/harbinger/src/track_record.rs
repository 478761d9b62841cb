//! The backtest side of the track record: every strategy's signals, under the same rules as
//! the live pipeline, replayed over the daily history of the default universe and graded the
//! same way. Computed by the `track_record_backtest` job and stored, so the API only reads.

use harbinger_model::{GradedReturn, STRATEGIES, build_strategy, track_stats};
use harbinger_signals::outcome::Status;
use harbinger_signals::signal::{SignalRules, Signaller};
use harbinger_store::Store;
use serde_json::json;

use crate::history::{self, Range};

/// The job that refreshes it, daily.
pub const TRACK_RECORD_JOB: &str = "track_record_backtest";

/// Computes and stores the backtest track record of every strategy; returns how many.
pub async fn refresh(store: &Store) -> Result<usize, String> {
    let symbols = crate::signals::default_symbols()?;
    let full = Range {
        from: i64::MIN,
        to: i64::MAX,
    };
    let series = history::from_store(store, &symbols, full).await?;
    let reports = tokio::task::spawn_blocking(move || -> Result<Vec<_>, String> {
        let rules = SignalRules::default();
        let mut out = Vec::with_capacity(STRATEGIES.len());
        for name in STRATEGIES {
            let strategy = build_strategy(name, &[]).map_err(|e| e.to_string())?;
            let (mut issued, mut graded) = (0, Vec::new());
            let mut versions = std::collections::BTreeSet::new();
            let (mut from, mut to) = (i64::MAX, i64::MIN);
            for s in &series {
                let view = s.bars.view().map_err(|e| e.to_string())?;
                let signaller = Signaller::new(view, rules).map_err(|e| e.to_string())?;
                for signal in signaller
                    .signals(strategy.as_ref())
                    .map_err(|e| e.to_string())?
                {
                    issued += 1;
                    versions.insert(signal.model_version.clone());
                    from = from.min(signal.bar_time);
                    to = to.max(signal.bar_time);
                    if let Some(o) = signal.outcome {
                        graded.push(GradedReturn {
                            confidence: signal.confidence,
                            target_hit: o.status == Status::TargetHit,
                            ret: o.ret,
                            exit_time: o.exit_time,
                        });
                    }
                }
            }
            let stats = track_stats(issued, &graded);
            out.push((
                name,
                json!({
                    "strategy": name,
                    "model_versions": versions.len(),
                    "symbols": series.iter().map(|s| s.symbol.clone()).collect::<Vec<_>>(),
                    "first_signal_bar": (issued > 0).then_some(from),
                    "last_signal_bar": (issued > 0).then_some(to),
                    "stats": stats,
                }),
            ));
        }
        Ok(out)
    })
    .await
    .map_err(|e| format!("track record computation stopped: {e}"))??;
    for (name, report) in &reports {
        store
            .put_backtest_record(name, report)
            .await
            .map_err(|e| format!("cannot store the track record of {name}: {e}"))?;
    }
    Ok(reports.len())
}
