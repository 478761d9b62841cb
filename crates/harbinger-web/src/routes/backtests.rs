//! Backtests on request: accepted at once as a job, polled for progress and the report.

use std::collections::{BTreeMap, BTreeSet};

use axum::Json;
use axum::extract::{Path, State};
use harbinger_core::Symbol;
use harbinger_signals::backtest::{Config, Fill};
use harbinger_store::BacktestRun;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::market::time_param;
use crate::extract::{ApiJson, AuthUser};
use crate::{AppState, Problem};

/// Backtests one user may have queued or running at once.
const MAX_PENDING: i64 = 2;
/// Backtests listed at most.
const LIST_LIMIT: i64 = 50;

/// How orders fill.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FillParam {
    /// At the next bar's open (no look-ahead): the default.
    #[default]
    NextOpen,
    /// At the signal bar's close, as vectorised engines do.
    Close,
}

/// What to backtest. Symbols are backtested on stored daily bars (the bundled history where
/// the database has less).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewBacktest {
    /// One of the strategies (the list is `GET /api/v1/track-record`'s).
    #[schema(value_type = StrategyName, example = "sma_cross")]
    strategy: String,
    /// Tickers; the plan caps how many.
    #[schema(min_items = 1, max_items = 500, example = json!(["AAPL", "MSFT"]))]
    symbols: Vec<String>,
    /// First day `YYYY-MM-DD` or Unix seconds (inclusive).
    from: Option<String>,
    /// Last day `YYYY-MM-DD` or Unix seconds (inclusive).
    to: Option<String>,
    #[serde(default)]
    fill: FillParam,
    /// Commission per side, basis points (default 0).
    #[schema(minimum = 0.0, maximum = 1000.0)]
    fees_bps: Option<f64>,
    /// Slippage per side, basis points (default 0).
    #[schema(minimum = 0.0, maximum = 1000.0)]
    slippage_bps: Option<f64>,
    /// Share of equity committed per position, in (0, 1] (default 1).
    #[schema(exclusive_minimum = 0.0, maximum = 1.0)]
    size: Option<f64>,
    /// Strategy variants tried before this one, for the deflated Sharpe (default 1).
    #[schema(minimum = 1, maximum = 100_000)]
    #[serde(default, deserialize_with = "whole_u32")]
    variants: Option<u32>,
    /// Strategy parameters by name, e.g. `{"fast": 5, "slow": 20}`.
    #[serde(default)]
    params: BTreeMap<String, f64>,
}

/// The strategies a backtest can run (documentation of `strategy`; the handler checks the
/// name against `harbinger_model::STRATEGIES`).
#[derive(ToSchema)]
#[allow(non_camel_case_types, dead_code)]
enum StrategyName {
    sma_cross,
    rsi_reversion,
    macd_trend,
    bollinger_breakout,
    donchian_breakout,
    ml,
    ensemble,
}

/// Most variants a request may claim.
const MAX_VARIANTS: u32 = 100_000;

/// A whole number that JSON may spell `7` or `7.0` (JSON Schema counts both as integers).
fn whole_u32<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    use serde::de::Error as _;
    let Some(x) = Option::<f64>::deserialize(d)? else {
        return Ok(None);
    };
    if x.fract() != 0.0 || !(0.0..=f64::from(u32::MAX)).contains(&x) {
        return Err(D::Error::custom("a whole number from 0 to 4294967295"));
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // whole and in range
    Ok(Some(x as u32))
}

/// The request as accepted: symbols upper-cased and de-duplicated, times in Unix seconds.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AcceptedBacktest {
    pub strategy: String,
    pub symbols: Vec<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub fill: FillParam,
    pub fees_bps: f64,
    pub slippage_bps: f64,
    pub size: f64,
    pub variants: u32,
    pub params: BTreeMap<String, f64>,
}

impl AcceptedBacktest {
    /// The engine's configuration for this request.
    pub fn config(&self) -> Config {
        Config {
            fill: match self.fill {
                FillParam::NextOpen => Fill::NextOpen,
                FillParam::Close => Fill::Close,
            },
            commission_bps: self.fees_bps,
            slippage_bps: self.slippage_bps,
            size: self.size,
            variants: self.variants,
            ..Config::default()
        }
    }

    /// Parameter overrides in the strategies' form.
    pub fn overrides(&self) -> Vec<(String, f64)> {
        self.params.iter().map(|(k, v)| (k.clone(), *v)).collect()
    }
}

/// Symbols finished so far.
#[derive(Debug, Serialize, ToSchema)]
pub struct Progress {
    done: i64,
    total: i64,
}

/// A backtest: where it stands and, once done, its report (`symbols` with per-symbol metrics,
/// `mean` with the mean of each metric and buy-and-hold beside it).
#[derive(Debug, Serialize, ToSchema)]
pub struct BacktestOut {
    id: Uuid,
    /// `queued`, `running`, `done` or `failed`.
    status: String,
    progress: Progress,
    #[schema(value_type = Object)]
    request: serde_json::Value,
    /// The report, once `done` (left out of lists).
    #[schema(value_type = Option<Object>)]
    result: Option<serde_json::Value>,
    /// Why it failed.
    error: Option<String>,
    /// Unix ms.
    created_at: i64,
    finished_at: Option<i64>,
}

fn out(run: BacktestRun) -> BacktestOut {
    BacktestOut {
        id: run.id,
        status: run.status.as_str().to_owned(),
        progress: Progress {
            done: run.done,
            total: run.total,
        },
        request: run.request,
        result: run.result,
        error: run.error,
        created_at: run.created_at,
        finished_at: run.finished_at,
    }
}

/// Checks a request against the strategies, the engine and the plan.
fn accept(
    b: NewBacktest,
    user: &harbinger_store::User,
    max_symbols: u32,
) -> Result<AcceptedBacktest, Problem> {
    if max_symbols == 0 {
        return Err(Problem::plan_limit(
            user,
            "your plan shows the public backtest results only; upgrade to Pro to run your own",
        ));
    }
    if b.variants.is_some_and(|v| v == 0 || v > MAX_VARIANTS) {
        return Err(Problem::bad_request(format!(
            "variants: between 1 and {MAX_VARIANTS}"
        )));
    }
    if b.params.len() > 20 {
        return Err(Problem::bad_request("params: at most 20 parameters"));
    }
    let overrides: Vec<(String, f64)> = b.params.iter().map(|(k, v)| (k.clone(), *v)).collect();
    harbinger_model::build_strategy(&b.strategy, &overrides)
        .map_err(|e| Problem::bad_request(e.to_string()))?;
    if b.symbols.is_empty() {
        return Err(Problem::bad_request("symbols: name at least one"));
    }
    let mut symbols = BTreeSet::new();
    for raw in &b.symbols {
        let s = Symbol::parse(raw).map_err(|e| Problem::bad_request(format!("symbols: {e}")))?;
        symbols.insert(s.to_string());
    }
    if symbols.len() > max_symbols as usize {
        return Err(Problem::plan_limit(
            user,
            format!(
                "your plan backtests at most {max_symbols} symbols at once; this asks for {}",
                symbols.len()
            ),
        ));
    }
    let from = b
        .from
        .as_deref()
        .map(|t| time_param("from", t))
        .transpose()?;
    let to = match b.to.as_deref() {
        // A day includes all of itself.
        Some(t) if t.contains('-') => Some(time_param("to", t)? + 86_399),
        Some(t) => Some(time_param("to", t)?),
        None => None,
    };
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(Problem::bad_request("from is after to"));
    }
    let accepted = AcceptedBacktest {
        strategy: b.strategy,
        symbols: symbols.into_iter().collect(),
        from,
        to,
        fill: b.fill,
        fees_bps: b.fees_bps.unwrap_or(0.0),
        slippage_bps: b.slippage_bps.unwrap_or(0.0),
        size: b.size.unwrap_or(1.0),
        variants: b.variants.unwrap_or(1),
        params: b.params,
    };
    accepted
        .config()
        .check()
        .map_err(|e| Problem::bad_request(e.to_string()))?;
    Ok(accepted)
}

/// Start a backtest. It runs as a job: poll `GET /api/v1/backtests/{id}` for progress and the
/// report. The plan caps the symbols; at most two of a user's backtests wait or run at once.
#[utoipa::path(post, path = "/api/v1/backtests", tag = "backtests", request_body = NewBacktest,
    responses(
        (status = 202, description = "Accepted; `Location` names the backtest", body = BacktestOut),
        (status = 400, description = "Unknown strategy or parameter, bad symbol, range or costs", body = Problem),
        (status = 401, body = Problem),
        (status = 403, description = "The plan runs no backtests, or not this many symbols", body = Problem),
        (status = 429, description = "Two backtests are already waiting or running", body = Problem),
    ))]
pub async fn create(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    ApiJson(b): ApiJson<NewBacktest>,
) -> Result<(StatusCode, HeaderMap, Json<BacktestOut>), Problem> {
    let max_symbols = state
        .accounts
        .settings()
        .plan(auth.user.plan)
        .backtest_symbols;
    let accepted = accept(b, &auth.user, max_symbols)?;
    let total = i64::try_from(accepted.symbols.len()).unwrap_or(i64::MAX);
    let request = serde_json::to_value(&accepted).map_err(|_| Problem::internal())?;
    let run = state
        .store
        .create_backtest(auth.user.id, &request, total, MAX_PENDING)
        .await?
        .ok_or_else(|| {
            Problem::new(StatusCode::TOO_MANY_REQUESTS)
                .with_type("too-many-pending")
                .with_detail(format!(
                    "{MAX_PENDING} of your backtests are already waiting or running; poll them and retry when one ends"
                ))
                .with_retry_after(10)
        })?;
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/backtests/{}", run.id)) {
        headers.insert(header::LOCATION, v);
    }
    Ok((StatusCode::ACCEPTED, headers, Json(out(run))))
}

/// One of your backtests: status, progress and, once done, the report.
#[utoipa::path(get, path = "/api/v1/backtests/{id}", tag = "backtests",
    params(("id" = Uuid, Path, description = "The backtest's id")),
    responses(
        (status = 200, body = BacktestOut),
        (status = 401, body = Problem),
        (status = 404, description = "No backtest of yours has this id", body = Problem),
    ))]
pub async fn get(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    Path(id): Path<Uuid>,
) -> Result<Json<BacktestOut>, Problem> {
    state
        .store
        .backtest(id, Some(auth.user.id))
        .await?
        .map(|run| Json(out(run)))
        .ok_or_else(|| Problem::not_found("no backtest of yours has this id"))
}

/// Your latest backtests, newest first, without their reports.
#[utoipa::path(get, path = "/api/v1/backtests", tag = "backtests",
    responses((status = 200, body = [BacktestOut]), (status = 401, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
) -> Result<Json<Vec<BacktestOut>>, Problem> {
    let runs = state.store.backtests_of(auth.user.id, LIST_LIMIT).await?;
    Ok(Json(runs.into_iter().map(out).collect()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_documented_strategies_are_the_models_strategies() {
        use utoipa::PartialSchema as _;
        let schema = serde_json::to_value(super::StrategyName::schema()).unwrap();
        let names: Vec<&str> = schema["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(names, harbinger_model::STRATEGIES);
    }
}
