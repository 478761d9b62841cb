//! `harbinger signals run`: one publishing pass by hand.

use std::fmt::Write as _;
use std::io::Write as _;

use super::Failure;
use crate::config::Loaded;

pub async fn run(loaded: Loaded, symbols: &[String], json: bool) -> Result<(), Failure> {
    let _telemetry = super::telemetry(&loaded)?;
    let symbols = if symbols.is_empty() {
        crate::signals::default_symbols().map_err(Failure::failed)?
    } else {
        crate::market::symbols(symbols).map_err(Failure::usage)?
    };
    let store = super::store(&loaded.config).await?;
    let summary = crate::signals::run_pass(
        &store,
        &symbols,
        crate::signals::PassOptions::from_config(&loaded.config),
    )
    .await
    .map_err(Failure::failed)?;
    crate::paper::follow_all(&store, &crate::signals::delayed_plans(&loaded.config))
        .await
        .map_err(Failure::failed)?;
    // With Redis configured, running servers hear of the new entries as they would of their
    // own pass's (their WebSocket streams and webhooks listen on the bus).
    if let Some(url) = &loaded.config.redis_url
        && let Ok(bus) = harbinger_marketdata::RedisBus::new(url.expose())
    {
        crate::signals::announce(&bus, &summary.appended).await;
        crate::signals::announce(&bus, &summary.graded).await;
    }
    let mut out = std::io::stdout().lock();
    let written = if json {
        serde_json::to_writer(&mut out, &summary)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        let mut text = format!(
            "{} symbols, {} decisions: {} new signals recorded, {} already in the ledger, {} outcomes graded\n",
            summary.symbols,
            summary.decisions,
            summary.appended.len(),
            summary.already_recorded,
            summary.graded.len()
        );
        for row in &summary.appended {
            let e: serde_json::Value = serde_json::from_str(&row.entry).unwrap_or_default();
            let _ = writeln!(
                text,
                "  seq {:>6}  {:<6} {:<19} {:<5} entry {} stop {} target {} confidence {}",
                row.seq,
                row.symbol,
                row.strategy,
                e["side"].as_str().unwrap_or("?"),
                e["entry"].as_str().unwrap_or("?"),
                e["stop"].as_str().unwrap_or("?"),
                e["target"].as_str().unwrap_or("?"),
                e["confidence"].as_str().unwrap_or("?"),
            );
        }
        for (symbol, reason) in &summary.skipped {
            let _ = writeln!(text, "  skipped {symbol}: {reason}");
        }
        out.write_all(text.as_bytes())
    };
    written.map_err(|e| Failure::failed(format!("cannot write the summary: {e}")))?;
    if summary.skipped.len() == summary.symbols && summary.symbols > 0 {
        return Err(Failure::failed(
            "no symbol could be evaluated; see the reasons above",
        ));
    }
    Ok(())
}
