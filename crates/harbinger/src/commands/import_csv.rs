use std::io::Write as _;

use harbinger_core::{Interval, Symbol};
use harbinger_market::ValidatorConfig;
use harbinger_market::csv_daily::{Threads, import};

use super::Failure;
use crate::cli::ImportCsvArgs;
use crate::config::Loaded;

/// Reads a daily CSV, validates every row, stores the good ones (idempotently) and reports
/// every row left out by reason.
pub async fn run(loaded: Loaded, args: ImportCsvArgs) -> Result<(), Failure> {
    let _telemetry = super::telemetry(&loaded)?;
    let symbol =
        Symbol::parse(&args.symbol).map_err(|e| Failure::usage(format!("--symbol: {e}")))?;
    let file = std::fs::File::open(&args.file)
        .map_err(|e| Failure::usage(format!("cannot open {}: {e}", args.file.display())))?;
    let parsed =
        tokio::task::spawn_blocking(move || import(file, ValidatorConfig::EQUITY, Threads::Two))
            .await
            .map_err(|e| Failure::failed(format!("import failed: {e}")))?
            .map_err(|e| Failure::usage(format!("{}: {e}", args.file.display())))?;
    if parsed.bars.is_empty() {
        return Err(Failure::usage(format!(
            "{}: no valid rows (expected columns date,open,high,low,close,volume[,adj_close]); left out: {:?}",
            args.file.display(),
            parsed.counts()
        )));
    }
    let store = super::store(&loaded.config).await?;
    let stored = store
        .upsert_bars(&symbol, Interval::D1, "csv", &parsed.bars)
        .await
        .map_err(|e| Failure::failed(format!("cannot store the bars: {e}")))?;
    let first = parsed
        .bars
        .first()
        .map(|b| harbinger_market::date::format_ymd(b.time));
    let last = parsed
        .bars
        .last()
        .map(|b| harbinger_market::date::format_ymd(b.time));
    let skipped = parsed.counts();
    let mut out = std::io::stdout().lock();
    let _ = if args.json {
        writeln!(
            out,
            "{}",
            serde_json::json!({
                "symbol": symbol, "interval": "1d", "stored": stored,
                "first": first, "last": last, "skipped": skipped,
            })
        )
    } else {
        writeln!(
            out,
            "{symbol}: stored {stored} daily bars ({} to {}); skipped {}",
            first.unwrap_or_default(),
            last.unwrap_or_default(),
            if skipped.is_empty() {
                "none".to_owned()
            } else {
                format!("{skipped:?}")
            }
        )
    };
    Ok(())
}
