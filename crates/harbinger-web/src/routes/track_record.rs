//! The public track record: per strategy, the live signals of the ledger and the same rules
//! replayed over history, side by side and never blended.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Query, State};
use harbinger_model::{GradedReturn, TrackStats, track_stats};
use harbinger_store::LiveGroup;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::signals::rfc3339_ms;
use crate::{AppState, Problem};

/// Model versions listed per strategy at most (newest first).
const MAX_VERSIONS: usize = 50;

/// Which side of the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Live,
    Backtest,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TrackParams {
    /// One strategy, e.g. `sma_cross`.
    #[param(
        pattern = "^(sma_cross|rsi_reversion|macd_trend|bollinger_breakout|donchian_breakout|ml|ensemble)$"
    )]
    strategy: Option<String>,
    /// `live` or `backtest`; both when absent.
    #[param(inline)]
    mode: Option<Mode>,
}

/// One model version's live figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionOut {
    model_version: String,
    /// RFC 3339.
    live_since: String,
    signals: i64,
    graded: usize,
    win_rate: Option<f64>,
    average_return: Option<f64>,
}

/// The live side: signals recorded in the ledger at issue time and graded afterwards.
#[derive(Debug, Serialize, ToSchema)]
pub struct LiveOut {
    /// The first live signal, RFC 3339.
    live_since: String,
    #[schema(value_type = Object)]
    stats: TrackStats,
    /// Per model version, newest first (at most 50).
    versions: Vec<VersionOut>,
}

/// The backtest side: the strategy's signals under the same rules over the daily history.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrackBacktestOut {
    /// When it was computed, RFC 3339 (daily job `track_record_backtest`).
    computed_at: String,
    #[schema(value_type = Object)]
    report: serde_json::Value,
}

/// One strategy's record.
#[derive(Debug, Serialize, ToSchema)]
pub struct StrategyRecord {
    strategy: String,
    /// Null when no live signal was issued yet, or when `mode=backtest`.
    live: Option<LiveOut>,
    /// Null until the daily job has run, or when `mode=live`.
    backtest: Option<TrackBacktestOut>,
}

/// The track record of every strategy.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrackRecord {
    strategies: Vec<StrategyRecord>,
}

fn graded(g: &LiveGroup) -> impl Iterator<Item = GradedReturn> + '_ {
    g.graded.iter().map(|s| GradedReturn {
        confidence: s.confidence,
        target_hit: s.target_hit,
        ret: s.ret,
        exit_time: s.exit_time,
    })
}

fn live_of(groups: &[LiveGroup]) -> Option<LiveOut> {
    let live_since = groups.iter().map(|g| g.live_since).min()?;
    let issued: i64 = groups.iter().map(|g| g.signals).sum();
    let all: Vec<GradedReturn> = groups.iter().flat_map(graded).collect();
    let mut versions: Vec<VersionOut> = groups
        .iter()
        .map(|g| {
            let rets: Vec<GradedReturn> = graded(g).collect();
            let wins = rets.iter().filter(|r| r.ret > 0.0).count();
            let n = rets.len();
            VersionOut {
                model_version: g.model_version.clone(),
                live_since: rfc3339_ms(g.live_since),
                signals: g.signals,
                graded: n,
                win_rate: (n > 0).then(|| wins as f64 / n as f64),
                average_return: (n > 0).then(|| rets.iter().map(|r| r.ret).sum::<f64>() / n as f64),
            }
        })
        .collect();
    versions.sort_by(|a, b| b.live_since.cmp(&a.live_since));
    versions.truncate(MAX_VERSIONS);
    Some(LiveOut {
        live_since: rfc3339_ms(live_since),
        stats: track_stats(usize::try_from(issued).unwrap_or(0), &all),
        versions,
    })
}

/// Win rate, returns, Sharpe, drawdown and calibration of each strategy's signals: `live`
/// from the ledger, `backtest` from history. Public.
#[utoipa::path(get, path = "/api/v1/track-record", tag = "signals", params(TrackParams),
    responses((status = 200, body = TrackRecord), (status = 400, body = Problem)))]
pub async fn track_record(
    State(state): State<AppState>,
    Query(p): Query<TrackParams>,
) -> Result<Json<TrackRecord>, Problem> {
    record(&state, p).await.map(Json)
}

/// The track record the parameters ask for.
pub(crate) async fn record(state: &AppState, p: TrackParams) -> Result<TrackRecord, Problem> {
    if let Some(s) = &p.strategy {
        harbinger_model::known_strategy(s)
            .map_err(|e| Problem::bad_request(format!("strategy: {e}")))?;
    }
    let want_live = p.mode != Some(Mode::Backtest);
    let want_backtest = p.mode != Some(Mode::Live);
    let mut live: BTreeMap<String, Vec<LiveGroup>> = BTreeMap::new();
    if want_live {
        for g in state.store.live_track_groups(p.strategy.as_deref()).await? {
            live.entry(g.strategy.clone()).or_default().push(g);
        }
    }
    let mut backtest = BTreeMap::new();
    if want_backtest {
        for r in state.store.backtest_records(p.strategy.as_deref()).await? {
            backtest.insert(r.strategy.clone(), r);
        }
    }
    let strategies = harbinger_model::STRATEGIES
        .iter()
        .filter(|s| p.strategy.as_deref().is_none_or(|want| want == **s))
        .map(|&s| StrategyRecord {
            strategy: s.to_owned(),
            live: live.get(s).and_then(|g| live_of(g)),
            backtest: backtest.remove(s).map(|r| TrackBacktestOut {
                computed_at: rfc3339_ms(r.computed_at),
                report: r.report,
            }),
        })
        .collect();
    Ok(TrackRecord { strategies })
}

/// The columns of `track-record.csv`: one row per strategy and side.
pub(crate) const TRACK_COLUMNS: [&str; 17] = [
    "strategy",
    "mode",
    "since",
    "signals",
    "graded",
    "wins",
    "win_rate",
    "target_hits",
    "average_return",
    "median_return",
    "sharpe",
    "max_drawdown",
    "total_return",
    "brier",
    "brier_base_rate",
    "brier_skill",
    "model_versions",
];

/// The figures of a stats object (as serialised, live or stored backtest) as CSV cells.
fn stats_cells(s: &serde_json::Value) -> Vec<String> {
    let cell = |v: &serde_json::Value| match v {
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    // The columns between `since` and `model_versions`: the stats' own fields, then the
    // calibration's scores.
    let (own, scores) = TRACK_COLUMNS[3..16].split_at(10);
    let mut cells: Vec<String> = own.iter().map(|k| cell(&s[*k])).collect();
    for k in scores {
        cells.push(cell(&s["calibration"][*k]));
    }
    cells
}

impl TrackRecord {
    /// The record as `track-record.csv` records: live and backtest on separate rows.
    pub(crate) fn csv_records(&self) -> Vec<String> {
        let mut out = Vec::new();
        for r in &self.strategies {
            if let Some(live) = &r.live {
                let mut cells = vec![r.strategy.clone(), "live".into(), live.live_since.clone()];
                cells.extend(stats_cells(
                    &serde_json::to_value(&live.stats).unwrap_or_default(),
                ));
                cells.push(live.versions.len().to_string());
                out.push(crate::csv::record(cells));
            }
            if let Some(bt) = &r.backtest {
                let mut cells = vec![
                    r.strategy.clone(),
                    "backtest".into(),
                    bt.report["first_signal_bar"]
                        .as_i64()
                        .map(super::signals::rfc3339_s)
                        .unwrap_or_default(),
                ];
                cells.extend(stats_cells(&bt.report["stats"]));
                cells.push(bt.report["model_versions"].to_string());
                out.push(crate::csv::record(cells));
            }
        }
        out
    }
}
