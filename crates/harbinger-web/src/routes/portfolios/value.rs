//! One portfolio valued at the latest stored daily closes, with its time-weighted return.

use std::collections::{BTreeSet, HashMap};
use std::str::FromStr;

use axum::Json;
use axum::extract::{Path, State};
use harbinger_core::{Interval, Symbol};
use harbinger_portfolio::{Book, DAY_MS, Decimal, PriceHistory, Transaction, time_weighted_return};
use harbinger_store::{BarQuery, Store};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{PortfolioOut, out, owned};
use crate::extract::AuthUser;
use crate::{AppState, Problem};

/// Daily closes read per symbol for the return series (about 40 years).
const HISTORY_LIMIT: i64 = 10_000;

/// One holding at its latest price. Amounts are decimal strings.
#[derive(Debug, Serialize, ToSchema)]
pub struct PositionOut {
    symbol: String,
    #[schema(value_type = String)]
    quantity: Decimal,
    /// What the open lots cost, buy fees included.
    #[schema(value_type = String)]
    cost_basis: Decimal,
    /// The newest stored daily close; null when there is none (then `priced` is false and
    /// the position is left out of the total value and the weights).
    #[schema(value_type = Option<String>)]
    last_price: Option<Decimal>,
    /// Opening time of that bar, Unix seconds.
    price_time: Option<i64>,
    priced: bool,
    #[schema(value_type = Option<String>)]
    market_value: Option<Decimal>,
    #[schema(value_type = Option<String>)]
    unrealized_pnl: Option<Decimal>,
    /// Share of the total value, 0..1.
    #[schema(value_type = Option<String>)]
    weight: Option<Decimal>,
}

/// One day of the time-weighted return series.
#[derive(Debug, Serialize, ToSchema)]
pub struct TwrPointOut {
    /// `YYYY-MM-DD` (UTC).
    date: String,
    #[schema(value_type = String)]
    value: Decimal,
    /// Net cash in/out that day.
    #[schema(value_type = String)]
    flow: Decimal,
    /// Time-weighted return from the first day through this one.
    #[schema(value_type = String)]
    twr: Decimal,
}

/// A portfolio valued at the latest stored daily closes. Amounts are decimal strings in the
/// base currency.
#[derive(Debug, Serialize, ToSchema)]
pub struct PortfolioDetail {
    #[serde(flatten)]
    portfolio: PortfolioOut,
    positions: Vec<PositionOut>,
    #[schema(value_type = String)]
    cash: Decimal,
    #[schema(value_type = Option<String>)]
    cash_weight: Option<Decimal>,
    /// Market value of the priced positions.
    #[schema(value_type = String)]
    holdings_value: Decimal,
    /// Cash plus the priced positions.
    #[schema(value_type = String)]
    total_value: Decimal,
    /// Closed lots, net of trade fees.
    #[schema(value_type = String)]
    realized_pnl: Decimal,
    #[schema(value_type = String)]
    unrealized_pnl: Decimal,
    #[schema(value_type = String)]
    dividends: Decimal,
    /// `fee` transactions (trade fees are in the P&L).
    #[schema(value_type = String)]
    fees: Decimal,
    /// Cash paid in minus cash taken out.
    #[schema(value_type = String)]
    net_flows: Decimal,
    /// Symbols held without a stored price: left out of the value.
    unpriced: Vec<String>,
    /// Time-weighted return over the whole series; null before the first transaction.
    #[schema(value_type = Option<String>)]
    twr: Option<Decimal>,
    /// Daily sub-periods split at cash in/out, which count at the end of their day.
    twr_series: Vec<TwrPointOut>,
}

/// One of your portfolios: positions at the latest stored daily closes, cash, P&L, allocation
/// and the daily time-weighted return.
#[utoipa::path(get, path = "/api/v1/portfolios/{id}", tag = "portfolios",
    params(("id" = Uuid, Path, description = "The portfolio's id")),
    responses(
        (status = 200, body = PortfolioDetail),
        (status = 401, body = Problem),
        (status = 404, description = "No portfolio of yours has this id", body = Problem),
    ))]
pub async fn get(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    Path(id): Path<Uuid>,
) -> Result<Json<PortfolioDetail>, Problem> {
    let p = owned(&state, auth.user.id, id).await?;
    let txs: Vec<Transaction> = state
        .store
        .portfolio_transactions(auth.user.id, id)
        .await?
        .into_iter()
        .map(|s| s.tx)
        .collect();
    let book = Book::replay(&txs).map_err(|e| {
        // Writes are checked against the whole book, so this means concurrent edits.
        tracing::error!(portfolio = %id, error = %e, "stored portfolio does not replay");
        Problem::internal()
    })?;
    let first = txs.iter().map(Transaction::time).min();
    let (history, latest) = prices(&state.store, &txs, first).await?;
    let prices: HashMap<Symbol, Decimal> =
        latest.iter().map(|(s, (_, p))| (s.clone(), *p)).collect();
    let v = book.valuation(&prices);
    let series = time_weighted_return(&txs, &history).map_err(|_| Problem::internal())?;
    Ok(Json(PortfolioDetail {
        portfolio: {
            let id = p.id;
            let mut o = out(p);
            o.follows = super::follow_of(&state, id).await?;
            o
        },
        positions: v
            .positions
            .into_iter()
            .map(|pv| PositionOut {
                price_time: latest.get(&pv.symbol).map(|(t, _)| *t),
                symbol: pv.symbol.to_string(),
                quantity: pv.quantity.normalize(),
                cost_basis: pv.cost_basis.normalize(),
                last_price: pv.price.map(|d| d.normalize()),
                priced: pv.price.is_some(),
                market_value: pv.market_value.map(|d| d.normalize()),
                unrealized_pnl: pv.unrealized.map(|d| d.normalize()),
                weight: pv.weight.map(|d| d.normalize()),
            })
            .collect(),
        cash: v.cash.normalize(),
        cash_weight: v.cash_weight.map(|d| d.normalize()),
        holdings_value: v.holdings_value.normalize(),
        total_value: v.total_value.normalize(),
        realized_pnl: v.realized.normalize(),
        unrealized_pnl: v.unrealized.normalize(),
        dividends: v.dividends.normalize(),
        fees: v.fees.normalize(),
        net_flows: v.net_flows.normalize(),
        unpriced: v.unpriced.iter().map(ToString::to_string).collect(),
        twr: series.last().map(|p| p.twr.normalize()),
        twr_series: series
            .into_iter()
            .map(|p| TwrPointOut {
                date: day(p.day),
                value: p.value.normalize(),
                flow: p.flow.normalize(),
                twr: p.twr.normalize(),
            })
            .collect(),
    }))
}

fn day(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// A stored close as an exact decimal: Rust's shortest round-trip text of the `f64`.
fn decimal_close(close: f64) -> Option<Decimal> {
    Decimal::from_str(&close.to_string()).ok()
}

/// Daily closes of every symbol the transactions name, from the first transaction's day
/// (times in ms, for the return series), and each symbol's newest close (bar time in s).
async fn prices(
    store: &Store,
    txs: &[Transaction],
    first: Option<i64>,
) -> Result<(PriceHistory, HashMap<Symbol, (i64, Decimal)>), Problem> {
    let symbols: BTreeSet<&Symbol> = txs.iter().filter_map(Transaction::symbol).collect();
    let from = first.map_or(0, |t| t.div_euclid(DAY_MS) * 86_400);
    let mut history = PriceHistory::new();
    let mut latest = HashMap::new();
    for symbol in symbols {
        let Some(newest) = store.latest_bar_time(symbol, Interval::D1).await? else {
            continue;
        };
        let q = |from, limit| BarQuery {
            symbol: symbol.clone(),
            interval: Interval::D1,
            from,
            to: newest,
            limit,
        };
        if let Some(bar) = store.bars(&q(newest, 1)).await?.first()
            && let Some(close) = decimal_close(bar.bar.close)
        {
            latest.insert(symbol.clone(), (bar.bar.time, close));
        }
        // The newest HISTORY_LIMIT closes since the first transaction.
        let start = from.max(newest - (HISTORY_LIMIT - 1) * 86_400);
        let closes = store
            .bars(&q(start, HISTORY_LIMIT))
            .await?
            .into_iter()
            .filter_map(|b| Some((b.bar.time * 1_000, decimal_close(b.bar.close)?)))
            .collect();
        history.insert(symbol.clone(), closes);
    }
    Ok((history, latest))
}
