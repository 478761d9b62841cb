//! The caller's watchlist: the symbols they follow, size-limited by plan. It filters signals
//! (`GET /api/v1/signals?watchlist=true`).

use axum::Json;
use axum::extract::State;
use harbinger_core::Symbol;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::extract::{ApiJson, AuthUser};
use crate::{AppState, Problem};

/// Symbols in one request at most, whatever the plan (the array-length cap).
const MAX_SYMBOLS: usize = 1_000;

/// A watchlist.
#[derive(Debug, Serialize, ToSchema)]
pub struct Watchlist {
    /// In the order given.
    #[schema(example = json!(["AAPL", "MSFT"]))]
    symbols: Vec<String>,
    /// Symbols the plan allows.
    limit: u32,
}

/// The new content of the watchlist; it replaces the old one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WatchlistIn {
    #[schema(max_items = 1000, value_type = Vec<Ticker>, example = json!(["AAPL", "MSFT"]))]
    symbols: Vec<String>,
}

/// A ticker: letters, digits and `. - ^ = _`, any case. (The document's item type only: the
/// handler parses each string with `Symbol::parse`.)
#[derive(ToSchema)]
#[schema(pattern = r"^\s*[A-Za-z0-9.^=_-]{1,16}\s*$")]
#[allow(dead_code)]
pub struct Ticker(String);

/// Your watchlist.
#[utoipa::path(get, path = "/api/v1/watchlist", tag = "signals",
    responses((status = 200, body = Watchlist), (status = 401, body = Problem)))]
pub async fn get(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
) -> Result<Json<Watchlist>, Problem> {
    let limit = state
        .accounts
        .settings()
        .plan(auth.user.plan)
        .watchlist_symbols;
    Ok(Json(Watchlist {
        symbols: state.store.watchlist(auth.user.id).await?,
        limit,
    }))
}

/// Replace your watchlist. Symbols are upper-cased and de-duplicated (first position kept);
/// the plan caps how many.
#[utoipa::path(put, path = "/api/v1/watchlist", tag = "signals", request_body = WatchlistIn,
    responses(
        (status = 200, body = Watchlist),
        (status = 400, description = "A symbol that is not a ticker", body = Problem),
        (status = 401, body = Problem),
        (status = 403, description = "More symbols than the plan allows", body = Problem),
    ))]
pub async fn put(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    ApiJson(body): ApiJson<WatchlistIn>,
) -> Result<Json<Watchlist>, Problem> {
    if body.symbols.len() > MAX_SYMBOLS {
        return Err(Problem::bad_request(format!(
            "at most {MAX_SYMBOLS} symbols per request"
        )));
    }
    let mut symbols: Vec<String> = Vec::with_capacity(body.symbols.len());
    for raw in &body.symbols {
        let s = Symbol::parse(raw)
            .map_err(|e| Problem::bad_request(format!("symbol {raw:?}: {e}")))?
            .to_string();
        if !symbols.contains(&s) {
            symbols.push(s);
        }
    }
    let limit = state
        .accounts
        .settings()
        .plan(auth.user.plan)
        .watchlist_symbols;
    if symbols.len() > usize::try_from(limit).unwrap_or(usize::MAX) {
        return Err(Problem::plan_limit(
            &auth.user,
            format!(
                "your {} plan allows {limit} watchlist symbols and this list has {}; remove some or upgrade",
                auth.user.plan,
                symbols.len()
            ),
        ));
    }
    state.store.set_watchlist(auth.user.id, &symbols).await?;
    Ok(Json(Watchlist { symbols, limit }))
}
