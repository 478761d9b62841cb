//! Portfolios: create, list, rename, delete here; the valuation in `value`, transactions in
//! `transactions` and `import`, the CSV export in `export`. Every route is the owner's alone:
//! another user's portfolio id answers 404, exactly as an unknown one.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use harbinger_store::Portfolio;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::{ApiJson, AuthUser, json_body};
use crate::{AppState, Problem};

pub(super) mod export;
pub(super) mod import;
pub(super) mod transactions;
pub(super) mod value;

/// Longest portfolio name, in characters.
const MAX_NAME: usize = 100;
/// Portfolios listed at most (the largest plan allows 100).
const LIST_LIMIT: i64 = 1_000;

/// A new portfolio.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPortfolio {
    /// 1 to 100 characters.
    #[schema(
        example = "Long term",
        min_length = 1,
        max_length = 100,
        pattern = r"^\s*[^\x00-\x1f\x7f-\x9f\s][^\x00-\x1f\x7f-\x9f]*$"
    )]
    name: String,
    /// Make it a paper portfolio that trades a strategy's signals by itself (on creation
    /// only).
    follow: Option<FollowIn>,
}

/// A portfolio's new name.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenamePortfolio {
    /// 1 to 100 characters.
    #[schema(
        example = "Long term",
        min_length = 1,
        max_length = 100,
        pattern = r"^\s*[^\x00-\x1f\x7f-\x9f\s][^\x00-\x1f\x7f-\x9f]*$"
    )]
    name: String,
}

/// What a paper portfolio follows: each long signal of `strategy` buys `stake` worth at its
/// entry price when it is issued (when it is released, on a delayed plan); its outcome sells
/// the same quantity at the exit price. Short signals are not followed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowIn {
    #[schema(
        example = "sma_cross",
        pattern = "^(sma_cross|rsi_reversion|macd_trend|bollinger_breakout|donchian_breakout|ml|ensemble)$"
    )]
    strategy: String,
    /// Money put on each signal, a decimal string below 10^9 (default `10000`).
    #[schema(example = "10000", pattern = r"^[1-9]\d{0,8}(\.\d{1,2})?$")]
    stake: Option<String>,
    /// Cash paid in when it is created, below 10^9 (default `100000`).
    #[schema(example = "100000", pattern = r"^[1-9]\d{0,8}(\.\d{1,2})?$")]
    capital: Option<String>,
}

/// What a paper portfolio follows.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowOut {
    strategy: String,
    /// Money put on each signal.
    stake: String,
    /// The ledger seq it has followed up to.
    after_seq: i64,
}

fn money(
    field: &str,
    raw: Option<&str>,
    default: i64,
) -> Result<harbinger_portfolio::Decimal, Problem> {
    let Some(raw) = raw else {
        return Ok(harbinger_portfolio::Decimal::from(default));
    };
    raw.trim()
        .parse::<harbinger_portfolio::Decimal>()
        .ok()
        .filter(|d| {
            *d > harbinger_portfolio::Decimal::ZERO
                && *d < harbinger_portfolio::Decimal::from(1_000_000_000_000_i64)
        })
        .ok_or_else(|| {
            Problem::bad_request(format!("follow.{field}: a positive amount below 10^12"))
        })
}

/// The paper follow of `id`, for display.
pub(super) async fn follow_of(state: &AppState, id: Uuid) -> Result<Option<FollowOut>, Problem> {
    Ok(state.store.paper_follow(id).await?.map(|f| FollowOut {
        strategy: f.strategy,
        stake: f.stake.to_string(),
        after_seq: f.after_seq,
    }))
}

/// 409 for a paper portfolio: its transactions are its strategy's, not edited by hand.
pub(super) async fn not_paper(state: &AppState, id: Uuid) -> Result<(), Problem> {
    if let Some(f) = state.store.paper_follow(id).await? {
        return Err(Problem::new(StatusCode::CONFLICT)
            .with_type("paper-portfolio")
            .with_detail(format!(
                "this portfolio follows {} by itself; its transactions cannot be edited (create another portfolio to keep your own)",
                f.strategy
            )));
    }
    Ok(())
}

/// A portfolio, without its valuation.
#[derive(Debug, Serialize, ToSchema)]
pub struct PortfolioOut {
    id: Uuid,
    name: String,
    /// ISO 4217; `USD`.
    base_currency: String,
    /// Unix ms.
    created_at: i64,
    updated_at: i64,
    /// For a paper portfolio: the strategy it follows.
    #[serde(skip_serializing_if = "Option::is_none")]
    follows: Option<FollowOut>,
}

pub(super) fn out(p: Portfolio) -> PortfolioOut {
    PortfolioOut {
        id: p.id,
        name: p.name,
        base_currency: p.base_currency,
        created_at: p.created_at,
        updated_at: p.updated_at,
        follows: None,
    }
}

/// A trimmed name of 1 to [`MAX_NAME`] characters without control characters.
fn parse_name(raw: &str) -> Result<String, Problem> {
    let name = raw.trim();
    if name.is_empty() || raw.chars().count() > MAX_NAME {
        return Err(Problem::bad_request(format!(
            "name: 1 to {MAX_NAME} characters"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(Problem::bad_request("name: no control characters"));
    }
    Ok(name.to_owned())
}

/// The caller's portfolio `id`, or 404.
pub(super) async fn owned(state: &AppState, user: Uuid, id: Uuid) -> Result<Portfolio, Problem> {
    state
        .store
        .portfolio(user, id)
        .await?
        .ok_or_else(|| Problem::not_found("no portfolio of yours has this id"))
}

/// Your portfolios, oldest first.
#[utoipa::path(get, path = "/api/v1/portfolios", tag = "portfolios",
    responses((status = 200, body = [PortfolioOut]), (status = 401, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
) -> Result<Json<Vec<PortfolioOut>>, Problem> {
    let ps = state.store.portfolios_of(auth.user.id, LIST_LIMIT).await?;
    Ok(Json(ps.into_iter().map(out).collect()))
}

/// Create a portfolio. The plan caps how many you keep (Free 1, Pro 10, Quant 100).
#[utoipa::path(post, path = "/api/v1/portfolios", tag = "portfolios", request_body = NewPortfolio,
    responses(
        (status = 201, description = "Created; `Location` names it", body = PortfolioOut),
        (status = 400, description = "Bad name or unknown field", body = Problem),
        (status = 401, body = Problem),
        (status = 403, description = "The plan's portfolio limit is reached", body = Problem),
    ))]
pub async fn create(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    ApiJson(body): ApiJson<NewPortfolio>,
) -> Result<(StatusCode, HeaderMap, Json<PortfolioOut>), Problem> {
    let name = parse_name(&body.name)?;
    let max = i64::from(state.accounts.settings().plan(auth.user.plan).portfolios);
    let created = match &body.follow {
        None => {
            state
                .store
                .create_portfolio(auth.user.id, &name, max)
                .await?
        }
        Some(f) => {
            harbinger_model::known_strategy(&f.strategy)
                .map_err(|e| Problem::bad_request(format!("follow.strategy: {e}")))?;
            let stake = money("stake", f.stake.as_deref(), 10_000)?;
            let capital = money("capital", f.capital.as_deref(), 100_000)?;
            state
                .store
                .create_paper_portfolio(auth.user.id, &name, max, &f.strategy, stake, capital)
                .await?
        }
    };
    let p = created
        .ok_or_else(|| {
            Problem::plan_limit(
                &auth.user,
                format!(
                    "your plan keeps at most {max} portfolio(s); delete one or upgrade your plan for more"
                ),
            )
        })?;
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/portfolios/{}", p.id)) {
        headers.insert(header::LOCATION, v);
    }
    let id = p.id;
    let mut body = out(p);
    body.follows = follow_of(&state, id).await?;
    Ok((StatusCode::CREATED, headers, Json(body)))
}

/// Rename one of your portfolios.
#[utoipa::path(patch, path = "/api/v1/portfolios/{id}", tag = "portfolios",
    params(("id" = Uuid, Path, description = "The portfolio's id")), request_body = RenamePortfolio,
    responses(
        (status = 200, body = PortfolioOut),
        (status = 400, body = Problem),
        (status = 401, body = Problem),
        (status = 404, description = "No portfolio of yours has this id", body = Problem),
    ))]
pub async fn rename(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<PortfolioOut>, Problem> {
    owned(&state, auth.user.id, id).await?;
    let body: RenamePortfolio = json_body(&headers, &body)?;
    let name = parse_name(&body.name)?;
    state
        .store
        .rename_portfolio(auth.user.id, id, &name)
        .await?
        .map(|p| Json(out(p)))
        .ok_or_else(|| Problem::not_found("no portfolio of yours has this id"))
}

/// Delete one of your portfolios with all its transactions.
#[utoipa::path(delete, path = "/api/v1/portfolios/{id}", tag = "portfolios",
    params(("id" = Uuid, Path, description = "The portfolio's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = Problem),
        (status = 404, description = "No portfolio of yours has this id", body = Problem),
    ))]
pub async fn delete(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, Problem> {
    if state.store.delete_portfolio(auth.user.id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Problem::not_found("no portfolio of yours has this id"))
    }
}
