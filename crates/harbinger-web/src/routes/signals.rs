//! Signals as subscribers read them: filtered, paged newest first, each with its ledger seq and
//! hash so it can be checked against the public ledger. Plans with a delay (Free) see a signal
//! in full once its recorded `released_to_free_at` has passed; before that only its hash, the
//! commitment the later reveal is checked against.

use axum::Json;
use axum::extract::{Path, Query, State};
use harbinger_core::Symbol;
use harbinger_store::{IndexedSignal, SignalFilter, SignalStatus};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::market::time_param;
use crate::extract::AuthUser;
use crate::{AppState, Problem};

/// Signals per page by default, and at most.
const DEFAULT_LIMIT: i64 = 50;
const MAX_LIMIT: i64 = 500;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SignalParams {
    /// One ticker, e.g. `AAPL`.
    #[param(pattern = r"^\s*[A-Za-z0-9.^=_-]{1,16}\s*$")]
    symbol: Option<String>,
    /// One strategy, e.g. `sma_cross`.
    #[param(
        pattern = "^(sma_cross|rsi_reversion|macd_trend|bollinger_breakout|donchian_breakout|ml|ensemble)$"
    )]
    strategy: Option<String>,
    /// Issued on or after: `YYYY-MM-DD`, RFC 3339 or Unix seconds.
    #[param(pattern = r"^(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])|\d{1,11})$")]
    since: Option<String>,
    /// `true`: only symbols on your watchlist.
    watchlist: Option<bool>,
    /// Confidence at least this, in [0, 1].
    #[param(minimum = 0.0, maximum = 1.0)]
    min_confidence: Option<f64>,
    /// `open`, `graded`, `target_hit`, `stop_hit` or `expired`.
    #[param(pattern = "^(open|graded|target_hit|stop_hit|expired)$")]
    status: Option<String>,
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^[1-9][0-9]{0,17}$")]
    cursor: Option<String>,
}

/// A price driver behind a decision.
#[derive(Debug, Serialize, ToSchema)]
pub struct DriverOut {
    name: String,
    value: f64,
    /// Signed contribution; drivers come largest first.
    weight: f64,
}

/// How a signal ended.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutcomeOut {
    /// `target_hit`, `stop_hit` or `expired`.
    status: &'static str,
    exit_price: Option<f64>,
    /// RFC 3339.
    exit_time: Option<String>,
    /// Return in the signal's direction before costs (0.02 = 2 %).
    #[serde(rename = "return")]
    ret: Option<f64>,
    /// Seq of the outcome's own ledger entry.
    ledger_seq: Option<i64>,
}

/// A signal. While sealed (delayed plans, before `released_to_free_at`) only `id`,
/// `ledger_seq`, `hash`, `issued_at` and `released_to_free_at` are filled.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignalOut {
    /// UUIDv7.
    id: Uuid,
    sealed: bool,
    symbol: Option<String>,
    strategy: Option<String>,
    model_version: Option<String>,
    /// `long` or `short`.
    side: Option<String>,
    /// RFC 3339.
    issued_at: String,
    /// Open of the bar the signal was computed on, RFC 3339.
    bar_time: Option<String>,
    entry: Option<f64>,
    stop: Option<f64>,
    target: Option<f64>,
    horizon_bars: Option<u64>,
    /// Probability that the target is hit before the stop, in [0, 1].
    confidence: Option<f64>,
    drivers: Option<Vec<DriverOut>>,
    price_source: Option<String>,
    ledger_seq: i64,
    /// The ledger entry's chain hash, hex.
    hash: String,
    /// When the free plan sees it in full, RFC 3339 (recorded in the ledger entry).
    released_to_free_at: String,
    /// Null until graded.
    outcome: Option<OutcomeOut>,
}

/// A page of signals, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignalPage {
    signals: Vec<SignalOut>,
    /// Pass as `cursor` for the next page; null on the last.
    next_cursor: Option<String>,
}

pub(crate) fn rfc3339_ms(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).map_or_else(
        || ms.to_string(),
        |t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    )
}

pub(crate) fn rfc3339_s(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0).map_or_else(
        || secs.to_string(),
        |t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    )
}

fn num(v: &serde_json::Value) -> Option<f64> {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .or_else(|| v.as_f64())
}

/// `s` as shown: in full when `reveal`, else sealed (its commitment only).
pub(crate) fn signal_out(s: &IndexedSignal, reveal: bool) -> SignalOut {
    let mut out = SignalOut {
        id: s.id,
        sealed: !reveal,
        symbol: None,
        strategy: None,
        model_version: None,
        side: None,
        issued_at: rfc3339_ms(s.issued_at),
        bar_time: None,
        entry: None,
        stop: None,
        target: None,
        horizon_bars: None,
        confidence: None,
        drivers: None,
        price_source: None,
        ledger_seq: s.seq,
        hash: s.hash.clone(),
        released_to_free_at: rfc3339_ms(s.released_at),
        outcome: None,
    };
    if !reveal {
        return out;
    }
    let e: serde_json::Value = serde_json::from_str(&s.entry).unwrap_or_default();
    out.symbol = Some(s.symbol.clone());
    out.strategy = Some(s.strategy.clone());
    out.model_version = Some(s.model_version.clone());
    out.side = e["side"].as_str().map(str::to_owned);
    out.bar_time = Some(rfc3339_s(s.bar_time));
    out.entry = num(&e["entry"]);
    out.stop = num(&e["stop"]);
    out.target = num(&e["target"]);
    out.horizon_bars = e["horizon_bars"].as_u64();
    out.confidence = Some(s.confidence);
    out.drivers = e["drivers"].as_array().map(|ds| {
        ds.iter()
            .map(|d| DriverOut {
                name: d["name"].as_str().unwrap_or_default().to_owned(),
                value: num(&d["value"]).unwrap_or(f64::NAN),
                weight: num(&d["weight"]).unwrap_or(0.0),
            })
            .collect()
    });
    out.price_source = e["price_source"].as_str().map(str::to_owned);
    if s.status != SignalStatus::Open {
        let o: serde_json::Value = s
            .outcome
            .as_deref()
            .and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default();
        out.outcome = Some(OutcomeOut {
            status: s.status.as_str(),
            exit_price: num(&o["exit_price"]),
            exit_time: s.exit_time.map(rfc3339_s),
            ret: s.ret,
            ledger_seq: s.outcome_seq,
        });
    }
    out
}

fn status_filter(raw: &str) -> Result<Option<SignalStatus>, Problem> {
    Ok(Some(match raw {
        "open" => SignalStatus::Open,
        "graded" => return Ok(None),
        "target_hit" => SignalStatus::TargetHit,
        "stop_hit" => SignalStatus::StopHit,
        "expired" => SignalStatus::Expired,
        other => {
            return Err(Problem::bad_request(format!(
                "status {other:?}: use open, graded, target_hit, stop_hit or expired"
            )));
        }
    }))
}

fn since_param(raw: &str) -> Result<i64, Problem> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(raw.trim()) {
        return Ok(t.timestamp_millis());
    }
    time_param("since", raw).map(|secs| secs.saturating_mul(1_000))
}

/// Signals, newest first, with filters and cursor pagination. Free sees each signal's hash at
/// once and its content after the plan's delay.
#[utoipa::path(get, path = "/api/v1/signals", tag = "signals", params(SignalParams),
    responses(
        (status = 200, body = SignalPage),
        (status = 400, description = "A bad filter, limit or cursor", body = Problem),
        (status = 401, body = Problem),
    ))]
pub async fn list(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    Query(p): Query<SignalParams>,
) -> Result<Json<SignalPage>, Problem> {
    let limit = page_size(&p)?;
    let (filter, reader) = filter_of(&state, &auth, p)?;
    let rows = state.store.list_signals(&filter, limit + 1).await?;
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    let rows = &rows[..rows.len().min(usize::try_from(limit).unwrap_or(usize::MAX))];
    Ok(Json(SignalPage {
        next_cursor: more
            .then(|| rows.last().map(|r| r.seq.to_string()))
            .flatten(),
        signals: rows.iter().map(|s| reader.show(s)).collect(),
    }))
}

/// Who reads, for what a signal shows them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reader {
    delay_hours: u32,
    now_ms: i64,
}

impl Reader {
    pub(crate) fn of(state: &AppState, auth: &harbinger_auth::Authenticated) -> Self {
        Self {
            delay_hours: state
                .accounts
                .settings()
                .plan(auth.user.plan)
                .signal_delay_hours,
            now_ms: state.store.clock().now_ms(),
        }
    }

    pub(crate) fn sees(self, s: &IndexedSignal) -> bool {
        self.delay_hours == 0 || s.released_at <= self.now_ms
    }

    pub(crate) fn show(self, s: &IndexedSignal) -> SignalOut {
        signal_out(s, self.sees(s))
    }
}

/// The page size asked for (default 50); out of range is a 400, also where it is ignored
/// (the CSV export takes every row).
pub(super) fn page_size(p: &SignalParams) -> Result<i64, Problem> {
    let limit = p.limit.unwrap_or(DEFAULT_LIMIT);
    if (1..=MAX_LIMIT).contains(&limit) {
        Ok(limit)
    } else {
        Err(Problem::bad_request(format!(
            "limit must be between 1 and {MAX_LIMIT}"
        )))
    }
}

/// The store filter the query asks for, as this reader may apply it (`limit` is the caller's).
pub(crate) fn filter_of(
    state: &AppState,
    auth: &harbinger_auth::Authenticated,
    p: SignalParams,
) -> Result<(SignalFilter, Reader), Problem> {
    let symbol = p
        .symbol
        .as_deref()
        .map(|s| {
            Symbol::parse(s)
                .map(|s| s.to_string())
                .map_err(|e| Problem::bad_request(format!("symbol: {e}")))
        })
        .transpose()?;
    if let Some(s) = &p.strategy {
        harbinger_model::known_strategy(s)
            .map_err(|e| Problem::bad_request(format!("strategy: {e}")))?;
    }
    if let Some(c) = p.min_confidence
        && !(0.0..=1.0).contains(&c)
    {
        return Err(Problem::bad_request("min_confidence must lie in [0, 1]"));
    }
    let before_seq =
        p.cursor
            .as_deref()
            .map(|c| {
                c.parse::<i64>().ok().filter(|&s| s > 0).ok_or_else(|| {
                    Problem::bad_request("cursor: pass next_cursor of the last page")
                })
            })
            .transpose()?;
    let reader = Reader::of(state, auth);
    let filter = SignalFilter {
        symbol,
        strategy: p.strategy,
        watchlist_of: p.watchlist.unwrap_or(false).then_some(auth.user.id),
        since_ms: p.since.as_deref().map(since_param).transpose()?,
        min_confidence: p.min_confidence,
        status: p.status.as_deref().map(status_filter).transpose()?,
        before_seq,
        released_by: None,
    };
    // A delayed plan filtering on content would learn it from which hashes match: its
    // filters only see signals already revealed to it.
    let released_by =
        (reader.delay_hours > 0 && filter.narrows_on_content()).then_some(reader.now_ms);
    Ok((
        SignalFilter {
            released_by,
            ..filter
        },
        reader,
    ))
}

pub(crate) async fn one(state: &AppState, id: Uuid) -> Result<IndexedSignal, Problem> {
    state
        .store
        .signal_by_id(id)
        .await?
        .ok_or_else(|| Problem::not_found("no signal has this id"))
}

/// One signal.
#[utoipa::path(get, path = "/api/v1/signals/{id}", tag = "signals",
    params(("id" = Uuid, Path, description = "The signal's id")),
    responses(
        (status = 200, body = SignalOut),
        (status = 401, body = Problem),
        (status = 404, body = Problem),
    ))]
pub async fn get(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    Path(id): Path<Uuid>,
) -> Result<Json<SignalOut>, Problem> {
    let s = one(&state, id).await?;
    Ok(Json(Reader::of(&state, &auth).show(&s)))
}

/// Why a signal was issued.
#[derive(Debug, Serialize, ToSchema)]
pub struct Explanation {
    signal_id: Uuid,
    /// The decision in plain words.
    summary: String,
    /// How the confidence was obtained.
    confidence_basis: String,
    drivers: Vec<DriverOut>,
    /// Where the facts come from.
    sources: Vec<Source>,
    /// The AI research note, once one was written (`POST /api/v1/signals/{id}/research`
    /// asks for it). Plain text with its citations; never sets a price or the confidence.
    research_note: Option<super::research::NoteOut>,
    /// `none` (nobody asked yet), `pending`, `ready` or `failed`.
    research_note_status: String,
}

/// A source behind an explanation.
#[derive(Debug, Serialize, ToSchema)]
pub struct Source {
    title: String,
    /// A link: an API path of this server or an outside address.
    url: String,
}

fn confidence_basis(strategy: &str) -> &'static str {
    match strategy {
        "ml" => {
            "the model's calibrated probability that the target is hit before the stop, from a logistic regression trained walk-forward on this symbol's history"
        }
        "ensemble" => {
            "the average of its members' confidences, the rules' hit rates and the model's calibrated probability"
        }
        _ => {
            "the hit rate of this rule's earlier graded signals on this symbol, shrunk toward the base rate"
        }
    }
}

/// The facts of `s` a research note is written about (the signal in full).
pub(crate) fn facts_of(s: &IndexedSignal) -> harbinger_ai::SignalFacts {
    let out = signal_out(s, true);
    harbinger_ai::SignalFacts {
        symbol: s.symbol.clone(),
        strategy: s.strategy.clone(),
        side: out.side.unwrap_or_default(),
        entry: out.entry.unwrap_or_default(),
        stop: out.stop.unwrap_or_default(),
        target: out.target.unwrap_or_default(),
        horizon_bars: out
            .horizon_bars
            .and_then(|h| u32::try_from(h).ok())
            .unwrap_or_default(),
        confidence: s.confidence,
        bar_time: s.bar_time,
        drivers: out
            .drivers
            .unwrap_or_default()
            .into_iter()
            .filter(|d| d.value.is_finite())
            .map(|d| harbinger_ai::Driver {
                name: d.name,
                value: d.value,
                weight: d.weight,
            })
            .collect(),
    }
}

/// The signal's explanation: its numeric drivers in words, with the sources they come from.
#[utoipa::path(get, path = "/api/v1/signals/{id}/explanation", tag = "signals",
    params(("id" = Uuid, Path, description = "The signal's id")),
    responses(
        (status = 200, body = Explanation),
        (status = 401, body = Problem),
        (status = 403, description = "Sealed for your plan until its release time", body = Problem),
        (status = 404, body = Problem),
    ))]
pub async fn explanation(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Explanation>, Problem> {
    let s = one(&state, id).await?;
    if !Reader::of(&state, &auth).sees(&s) {
        return Err(Problem::new(http::StatusCode::FORBIDDEN)
            .with_type("signal-sealed")
            .with_detail(format!(
                "this signal reaches your plan at {}; upgrade to Pro to see signals in real time",
                rfc3339_ms(s.released_at)
            )));
    }
    let out = signal_out(&s, true);
    let drivers = out.drivers.unwrap_or_default();
    let top: Vec<String> = drivers
        .iter()
        .take(3)
        .map(|d| format!("{} = {:.4} (weight {:+.3})", d.name, d.value, d.weight))
        .collect();
    let price = |x: Option<f64>| x.map_or_else(|| "?".to_owned(), |v| format!("{v:.2}"));
    let summary = format!(
        "{strategy} issued a {side} signal on {symbol} at the close of {bar} (entry {entry}), with a stop at {stop} and a target at {target} within {horizon} bars. Confidence {confidence:.0}%. Strongest inputs: {top}.",
        strategy = s.strategy,
        side = out.side.as_deref().unwrap_or("?"),
        symbol = s.symbol,
        bar = rfc3339_s(s.bar_time).get(..10).unwrap_or_default(),
        entry = price(out.entry),
        stop = price(out.stop),
        target = price(out.target),
        horizon = out.horizon_bars.unwrap_or_default(),
        confidence = s.confidence * 100.0,
        top = if top.is_empty() {
            "none recorded".to_owned()
        } else {
            top.join(", ")
        },
    );
    let source = out.price_source.unwrap_or_else(|| "unknown".into());
    let note = state.store.research_note(s.id).await?;
    Ok(Json(Explanation {
        signal_id: s.id,
        summary,
        confidence_basis: confidence_basis(&s.strategy).to_owned(),
        drivers,
        sources: vec![
            Source {
                title: format!("daily bars of {} ({source})", s.symbol),
                url: format!("/api/v1/market/{}/bars?interval=1d", s.symbol),
            },
            Source {
                title: format!("ledger entry {} (hash {})", s.seq, s.hash),
                url: format!("/api/v1/ledger?after_seq={}&limit=1", s.seq - 1),
            },
        ],
        research_note: note.as_ref().and_then(super::research::NoteOut::of),
        research_note_status: note.map_or_else(|| "none".to_owned(), |n| n.status),
    }))
}

/// The columns of `signals.csv`.
pub(crate) const SIGNAL_COLUMNS: [&str; 20] = [
    "id",
    "issued_at",
    "symbol",
    "strategy",
    "model_version",
    "side",
    "bar_time",
    "entry",
    "stop",
    "target",
    "horizon_bars",
    "confidence",
    "price_source",
    "ledger_seq",
    "hash",
    "released_to_free_at",
    "status",
    "exit_price",
    "exit_time",
    "return",
];

impl SignalOut {
    /// The signal as one `signals.csv` record (a sealed one has only its commitment filled).
    pub(crate) fn csv_record(&self) -> String {
        let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
        let o = self.outcome.as_ref();
        crate::csv::record([
            self.id.to_string(),
            self.issued_at.clone(),
            self.symbol.clone().unwrap_or_default(),
            self.strategy.clone().unwrap_or_default(),
            self.model_version.clone().unwrap_or_default(),
            self.side.clone().unwrap_or_default(),
            self.bar_time.clone().unwrap_or_default(),
            opt(self.entry),
            opt(self.stop),
            opt(self.target),
            self.horizon_bars.map(|h| h.to_string()).unwrap_or_default(),
            opt(self.confidence),
            self.price_source.clone().unwrap_or_default(),
            self.ledger_seq.to_string(),
            self.hash.clone(),
            self.released_to_free_at.clone(),
            if self.sealed {
                "sealed".to_owned()
            } else {
                o.map_or("open", |o| o.status).to_owned()
            },
            opt(o.and_then(|o| o.exit_price)),
            o.and_then(|o| o.exit_time.clone()).unwrap_or_default(),
            opt(o.and_then(|o| o.ret)),
        ])
    }
}
