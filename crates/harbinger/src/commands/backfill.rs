use std::io::Write as _;
use std::sync::Arc;

use harbinger_core::{Interval, SystemClock};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use super::Failure;
use crate::cli::BackfillArgs;
use crate::config::Loaded;
use crate::market;

/// Default history when `--from` is not given.
const DEFAULT_DAYS: i64 = 365;

#[derive(Debug, Serialize)]
struct SymbolReport {
    symbol: String,
    stored: u64,
    rejected: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// Fetches each symbol's history from one provider and upserts it. Writes are idempotent
/// (keyed by symbol, interval, time), so a backfill killed half way is resumed by running it
/// again: the stored data ends identical.
pub async fn run(loaded: Loaded, args: BackfillArgs) -> Result<(), Failure> {
    let _telemetry = super::telemetry(&loaded)?;
    let symbols = market::symbols(&args.symbols).map_err(Failure::usage)?;
    let interval =
        Interval::parse(&args.interval).map_err(|e| Failure::usage(format!("--interval: {e}")))?;
    let now = chrono_now_secs();
    let to = match &args.to {
        // `--to` names a day: include the whole of it.
        Some(d) => market::day("--to", d).map_err(Failure::usage)? + 86_399,
        None => now,
    };
    let from = match &args.from {
        Some(d) => market::day("--from", d).map_err(Failure::usage)?,
        None => to - DEFAULT_DAYS * 86_400,
    };
    if from > to {
        return Err(Failure::usage("--from is after --to"));
    }
    let provider = market::provider(&args.provider, &loaded.config, Arc::new(SystemClock))
        .map_err(Failure::usage)?;
    let store = super::store(&loaded.config).await?;

    let bar = ProgressBar::new(symbols.len() as u64);
    if args.json {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template("{spinner} backfill {pos}/{len} [{bar:30}] {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let mut reports = Vec::new();
    for symbol in &symbols {
        bar.set_message(symbol.to_string());
        let report = match provider.history(symbol, interval, from, to).await {
            Ok(h) => match store
                .upsert_bars(symbol, interval, h.source.as_str(), &h.bars)
                .await
            {
                Ok(stored) => SymbolReport {
                    symbol: symbol.to_string(),
                    stored,
                    rejected: h.rejected.len(),
                    error: None,
                },
                Err(e) => SymbolReport {
                    symbol: symbol.to_string(),
                    stored: 0,
                    rejected: 0,
                    error: Some(format!("store: {e}")),
                },
            },
            Err(e) => SymbolReport {
                symbol: symbol.to_string(),
                stored: 0,
                rejected: 0,
                error: Some(e.to_string()),
            },
        };
        reports.push(report);
        bar.inc(1);
    }
    bar.finish_and_clear();

    let failed = reports.iter().filter(|r| r.error.is_some()).count();
    let mut out = std::io::stdout().lock();
    if args.json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::json!({"provider": provider.name(), "interval": interval.as_str(), "symbols": reports})
        );
    } else {
        for r in &reports {
            let _ = match &r.error {
                None => writeln!(
                    out,
                    "{}: stored {} bars, rejected {}",
                    r.symbol, r.stored, r.rejected
                ),
                Some(e) => writeln!(out, "{}: failed: {e}", r.symbol),
            };
        }
    }
    if failed > 0 {
        return Err(Failure::failed(format!(
            "{failed} of {} symbols failed; run the same command again to resume",
            reports.len()
        )));
    }
    Ok(())
}

fn chrono_now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
