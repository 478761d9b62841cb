//! Paper portfolios follow their strategy's signals by themselves: each long signal buys the
//! portfolio's stake worth at the signal's entry price, at its issue time; its outcome sells
//! the same quantity at the exit price. Short signals are not followed (a portfolio holds no
//! short positions). A portfolio whose owner's plan is delayed follows a signal only once it
//! is released to that plan, so a paper portfolio never shows what its owner may not see yet.

use std::collections::HashMap;
use std::str::FromStr;

use harbinger_core::{Plan, Symbol};
use harbinger_portfolio::{Decimal, Kind, Transaction};
use harbinger_store::{LedgerRow, PaperFollow, PaperPosition, PaperStep, Store};

/// Ledger entries looked at per portfolio and run.
const BATCH: i64 = 1_000;

/// Quantities are rounded to this many decimal places.
const QUANTITY_DP: u32 = 6;

/// Follows every paper portfolio up to the ledger's head (or its owner's release horizon);
/// returns the trades written. `delayed` are the plans that see signals only once released.
pub async fn follow_all(store: &Store, delayed: &[Plan]) -> Result<usize, String> {
    let follows = store
        .paper_follows()
        .await
        .map_err(|e| format!("cannot read paper portfolios: {e}"))?;
    let mut written = 0;
    for follow in follows {
        written += follow_one(store, &follow, delayed.contains(&follow.plan)).await?;
    }
    Ok(written)
}

async fn follow_one(store: &Store, follow: &PaperFollow, delayed: bool) -> Result<usize, String> {
    let read = |e: harbinger_store::StoreError| format!("cannot follow the ledger: {e}");
    let rows = store
        .ledger_rows(follow.after_seq, BATCH)
        .await
        .map_err(read)?;
    let mut open: HashMap<uuid::Uuid, PaperPosition> = store
        .paper_positions(follow.portfolio_id)
        .await
        .map_err(read)?
        .into_iter()
        .map(|p| (p.signal_id, p))
        .collect();
    let now = store.clock().now_ms();
    let mut step = PaperStep {
        after_seq: follow.after_seq,
        ..PaperStep::default()
    };
    for row in &rows {
        if delayed && row.released_at() > now {
            break; // in seq order: later entries wait for this one
        }
        step.after_seq = row.seq;
        if row.strategy != follow.strategy {
            continue;
        }
        match row.kind.as_str() {
            "signal" => {
                if let Some(p) = opening(row, follow.stake) {
                    step.transactions.push(p.0);
                    open.insert(p.1.signal_id, p.1.clone());
                    step.opened.push(p.1);
                }
            }
            "outcome" => {
                let Some(id) = row.signal_id else { continue };
                let Some(position) = open.remove(&id) else {
                    continue; // a signal this portfolio did not follow
                };
                if let Some(t) = closing(row, &position) {
                    step.transactions.push(t);
                    step.opened.retain(|p| p.signal_id != id);
                    step.closed.push(id);
                }
            }
            _ => {}
        }
    }
    if step.after_seq == follow.after_seq {
        return Ok(0);
    }
    let n = step.transactions.len();
    let applied = store
        .apply_paper_step(follow, follow.after_seq, &step)
        .await
        .map_err(|e| format!("cannot write paper trades: {e}"))?;
    Ok(if applied { n } else { 0 })
}

fn entry_of(row: &LedgerRow) -> Option<serde_json::Value> {
    serde_json::from_str(&row.entry).ok()
}

fn price(v: &serde_json::Value) -> Option<Decimal> {
    Decimal::from_str(v.as_str()?)
        .ok()
        .filter(|p| *p > Decimal::ZERO)
}

/// The buy a long signal makes, and the position it opens.
fn opening(row: &LedgerRow, stake: Decimal) -> Option<(Transaction, PaperPosition)> {
    let e = entry_of(row)?;
    if e["side"].as_str()? != "long" {
        return None;
    }
    let entry = price(&e["entry"])?;
    let quantity = (stake / entry).round_dp(QUANTITY_DP);
    let symbol = Symbol::parse(&row.symbol).ok()?;
    let buy = Transaction::new(
        Kind::Buy,
        row.recorded_at,
        Some(symbol.clone()),
        quantity,
        entry,
        Decimal::ZERO,
    )
    .ok()?;
    Some((
        buy,
        PaperPosition {
            signal_id: row.id,
            symbol,
            quantity,
        },
    ))
}

/// The sell an outcome makes of the position its signal opened.
fn closing(row: &LedgerRow, position: &PaperPosition) -> Option<Transaction> {
    let e = entry_of(row)?;
    let exit = price(&e["exit_price"])?;
    Transaction::new(
        Kind::Sell,
        row.recorded_at,
        Some(position.symbol.clone()),
        position.quantity,
        exit,
        Decimal::ZERO,
    )
    .ok()
}
