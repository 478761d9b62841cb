//! One publishing pass: today's signal of every strategy for each symbol, appended to the
//! signal ledger (at most one per strategy, symbol and bar, whoever runs the pass).
//!
//! Entries carry prices and probabilities as decimal strings (Rust's shortest round-trip form of
//! the `f64`), so the hashed bytes are the same on every machine.

use harbinger_core::Symbol;
use harbinger_signals::outcome::{Barriers, Status, grade};
use harbinger_signals::signal::{Signal, SignalRules, Signaller};
use harbinger_signals::strategy::Side;
use harbinger_store::{LedgerKind, LedgerRow, NewLedgerEntry, Store};
use serde::Serialize;
use serde_json::json;

use crate::history;

/// What a pass did.
#[derive(Debug, Default, Serialize)]
pub struct PassSummary {
    /// Symbols looked at.
    pub symbols: usize,
    /// Strategy × symbol decisions made.
    pub decisions: usize,
    /// New ledger entries (one per new signal).
    pub appended: Vec<LedgerRow>,
    /// Signals already in the ledger (an earlier pass, or another replica, recorded them).
    pub already_recorded: usize,
    /// Symbols left out, with the reason.
    pub skipped: Vec<(String, String)>,
    /// Outcome entries appended for signals whose rules resolved.
    pub graded: Vec<LedgerRow>,
}

/// The symbols of the bundled history, the default universe of a pass.
pub fn default_symbols() -> Result<Vec<Symbol>, String> {
    Ok(history::bundled()?.symbols().cloned().collect())
}

/// The ledger entry of a signal.
pub fn entry_of(
    symbol: &str,
    signal: &Signal,
    price_source: &str,
    rules: &SignalRules,
) -> serde_json::Value {
    let num = |x: f64| x.to_string();
    json!({
        "symbol": symbol,
        "strategy": signal.strategy,
        "model_version": signal.model_version,
        "side": signal.side,
        "bar_time": signal.bar_time,
        "entry": num(signal.entry),
        "stop": num(signal.stop),
        "target": num(signal.target),
        "horizon_bars": signal.horizon_bars,
        "confidence": num(signal.confidence),
        "drivers": signal.drivers.iter().map(|d| json!({
            "name": d.name,
            "value": num(d.value),
            "weight": num(d.weight),
        })).collect::<Vec<_>>(),
        "price_source": price_source,
        "rules": {
            "stop_atr": num(rules.stop_atr),
            "target_atr": num(rules.target_atr),
            "atr_period": rules.atr_period,
            "horizon_bars": rules.horizon,
        },
    })
}

/// How a pass publishes.
#[derive(Debug, Clone, Copy)]
pub struct PassOptions {
    /// The delayed (free) tier sees a signal's content this long after issue; before that,
    /// only its hash (commit-reveal). Recorded in each entry as `released_to_free_at`.
    pub free_delay_ms: i64,
    /// The data-quality gate's freshness rule: a symbol whose newest stored bar was delivered
    /// longer ago than this gets no signal (its data is stale, not news).
    pub max_data_age_ms: i64,
}

/// The plans that see signals only once released (a delay above zero): their paper
/// portfolios follow released signals only.
pub fn delayed_plans(config: &crate::config::Config) -> Vec<harbinger_core::Plan> {
    let p = &config.plans;
    [
        (harbinger_core::Plan::Free, &p.free),
        (harbinger_core::Plan::Pro, &p.pro),
        (harbinger_core::Plan::Quant, &p.quant),
    ]
    .into_iter()
    .filter(|(_, limits)| limits.signal_delay_hours > 0)
    .map(|(plan, _)| plan)
    .collect()
}

impl PassOptions {
    /// From the free plan's `signal_delay_hours`.
    pub fn from_config(config: &crate::config::Config) -> Self {
        Self {
            free_delay_ms: i64::from(config.plans.free.signal_delay_hours) * 3_600_000,
            max_data_age_ms: i64::try_from(config.market.stale_limit_hours)
                .unwrap_or(i64::MAX / 3_600_000)
                .saturating_mul(3_600_000),
        }
    }
}

/// Runs every strategy on the daily history of `symbols` and appends the new signals.
///
/// A signal is only ever issued on a symbol's newest bar. A bar that closed while no pass ran
/// (a replay faster than the passes, a server that was down) gets no signal afterwards: one
/// issued late would be graded on bars already known when it was issued, which would flatter
/// the track record.
pub async fn run_pass(
    store: &Store,
    symbols: &[Symbol],
    options: PassOptions,
) -> Result<PassSummary, String> {
    let rules = SignalRules::default();
    let released_to_free_at = store.clock().now_ms() + options.free_delay_ms.max(0);
    let mut summary = PassSummary {
        symbols: symbols.len(),
        ..PassSummary::default()
    };
    for symbol in symbols {
        // The data-quality gate: sources that disagree suppress the symbol's signals until
        // they agree again (the cross-check job marks and clears them).
        if let Some(suspect) = store
            .suspect(symbol.as_str())
            .await
            .map_err(|e| format!("cannot read the cross-check marks: {e}"))?
        {
            summary.skipped.push((
                symbol.to_string(),
                format!("suppressed: sources disagree ({})", suspect.reason),
            ));
            continue;
        }
        // Fresh: the newest stored bar was delivered recently (the bundled history alone,
        // on a data dir with nothing stored yet, is a fixed tape and has no age).
        let synced = store
            .bars_synced_at(symbol, harbinger_core::Interval::D1)
            .await
            .map_err(|e| format!("cannot read bars of {symbol}: {e}"))?;
        if let Some(synced) = synced {
            let age = store.clock().now_ms() - synced;
            if age > options.max_data_age_ms {
                summary.skipped.push((
                    symbol.to_string(),
                    format!(
                        "suppressed: stale data (newest bar delivered {} min ago); check the market providers",
                        age / 60_000
                    ),
                ));
                continue;
            }
        }
        let series = match history::live_series(store, symbol).await {
            Ok(s) => s,
            Err(reason) => {
                summary.skipped.push((symbol.to_string(), reason));
                continue;
            }
        };
        let decided = tokio::task::spawn_blocking(move || -> Result<_, String> {
            let view = series.bars.view().map_err(|e| e.to_string())?;
            let signaller = Signaller::new(view, rules).map_err(|e| e.to_string())?;
            let strategies = harbinger_model::all_latest_strategies().map_err(|e| e.to_string())?;
            let mut found = Vec::new();
            for strategy in &strategies {
                if let Some(signal) = signaller
                    .latest(strategy.as_ref())
                    .map_err(|e| e.to_string())?
                {
                    found.push(entry_of(&series.symbol, &signal, series.source, &rules));
                }
            }
            Ok((strategies.len(), found))
        })
        .await
        .map_err(|e| format!("signal computation stopped: {e}"))?;
        let (decisions, found) = match decided {
            Ok(d) => d,
            Err(reason) => {
                summary.skipped.push((symbol.to_string(), reason));
                continue;
            }
        };
        summary.decisions += decisions;
        for mut entry in found {
            entry["released_to_free_at"] = json!(released_to_free_at);
            let new = NewLedgerEntry {
                kind: LedgerKind::Signal,
                strategy: entry["strategy"].as_str().unwrap_or_default().to_owned(),
                symbol: symbol.to_string(),
                bar_time: entry["bar_time"].as_i64().unwrap_or_default(),
                signal_id: None,
                entry,
            };
            match store
                .append_ledger(&new)
                .await
                .map_err(|e| format!("cannot append to the signal ledger: {e}"))?
            {
                Some(row) => summary.appended.push(row),
                None => summary.already_recorded += 1,
            }
        }
    }
    summary.graded = grade_open(store).await?;
    Ok(summary)
}

/// Announces new ledger entries on the bus's `signals` channel. Best effort: the ledger is
/// the record, and a listener that missed an event reads the entries after its last seq.
pub async fn announce(bus: &dyn harbinger_marketdata::BarBus, rows: &[LedgerRow]) {
    for row in rows {
        let event = harbinger_marketdata::LedgerEvent {
            seq: row.seq,
            kind: row.kind.clone(),
            id: row.id,
            signal_id: row.signal_id,
            hash: row.hash.clone(),
            released_to_free_at: row.released_at(),
        };
        if let Err(e) = bus.publish_ledger(&event).await {
            tracing::warn!(seq = row.seq, error = %e, "ledger event not published");
        }
    }
}

/// Open signals looked at per grading run.
const GRADE_BATCH: i64 = 10_000;

/// Grades every open signal on the bars after its issue bar, as its rules say (target, stop
/// or expiry at the horizon), and appends each resolved outcome as a new ledger entry. The
/// same bars always give the same outcome; a signal already graded is never graded again.
pub async fn grade_open(store: &Store) -> Result<Vec<LedgerRow>, String> {
    let open = store
        .open_ledger_signals(GRADE_BATCH)
        .await
        .map_err(|e| format!("cannot read open signals: {e}"))?;
    let mut graded = Vec::new();
    for signal in open {
        let Some((barriers, source)) = rules_of(&signal) else {
            tracing::warn!(
                seq = signal.seq,
                "ledger signal without readable rules; not graded"
            );
            continue;
        };
        let Ok(symbol) = Symbol::parse(&signal.symbol) else {
            continue;
        };
        let bars = history::raw_after(store, &symbol, signal.bar_time, &source).await?;
        let Ok(view) = bars.view() else { continue };
        if view.time().first() != Some(&signal.bar_time) {
            // The issue bar is not in this price source (yet): nothing to grade against.
            continue;
        }
        let Some(outcome) = grade(&view, 0, &barriers) else {
            continue;
        };
        // An outcome is public no earlier than the signal it grades.
        let released_to_free_at = signal.released_at().max(store.clock().now_ms());
        let entry = json!({
            "released_to_free_at": released_to_free_at,
            "status": match outcome.status {
                Status::TargetHit => "target_hit",
                Status::StopHit => "stop_hit",
                Status::Expired => "expired",
            },
            "exit_price": outcome.exit_price.to_string(),
            "exit_time": outcome.exit_time,
            "bars_held": outcome.exit_index,
            "return": outcome.ret.to_string(),
            "price_source": source,
        });
        let new = NewLedgerEntry {
            kind: LedgerKind::Outcome,
            strategy: signal.strategy.clone(),
            symbol: signal.symbol.clone(),
            bar_time: signal.bar_time,
            signal_id: Some(signal.id),
            entry,
        };
        if let Some(row) = store
            .append_ledger(&new)
            .await
            .map_err(|e| format!("cannot append to the signal ledger: {e}"))?
        {
            graded.push(row);
        }
    }
    Ok(graded)
}

/// A ledger signal's fixed rules and price source, read back from its entry.
fn rules_of(row: &LedgerRow) -> Option<(Barriers, String)> {
    let e: serde_json::Value = serde_json::from_str(&row.entry).ok()?;
    let price = |k: &str| e[k].as_str()?.parse::<f64>().ok();
    let side = match e["side"].as_str()? {
        "long" => Side::Long,
        "short" => Side::Short,
        _ => return None,
    };
    Some((
        Barriers {
            side,
            entry: price("entry")?,
            stop: price("stop")?,
            target: price("target")?,
            horizon: usize::try_from(e["horizon_bars"].as_u64()?).ok()?,
        },
        e["price_source"].as_str()?.to_owned(),
    ))
}
