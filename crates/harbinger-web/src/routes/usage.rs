//! `GET /api/v1/billing/usage`: what the caller's plan allows and how much of it is in use
//! today, for the Plan page and for programs that want to pace themselves.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use crate::extract::AuthUser;
use crate::{AppState, Problem};

const DAY_MS: i64 = 86_400_000;
/// Portfolios counted at most (above every plan's limit, so the count is exact).
const PORTFOLIO_COUNT_CAP: i64 = 10_000;

/// One allowance: how much is used against the plan's limit.
#[derive(Debug, Serialize, ToSchema)]
pub struct Allowance {
    used: i64,
    limit: i64,
}

/// The caller's usage. Daily allowances count the current UTC day.
#[derive(Debug, Serialize, ToSchema)]
pub struct Usage {
    /// `free`, `pro` or `quant`.
    plan: String,
    /// The UTC day the daily figures count, `YYYY-MM-DD`.
    day: String,
    ai_notes_today: Allowance,
    ai_tokens_today: Allowance,
    /// Live (not revoked) API keys.
    api_keys: Allowance,
    watchlist_symbols: Allowance,
    portfolios: Allowance,
}

/// Your plan's limits and what you use of them (today, for the daily ones).
#[utoipa::path(get, path = "/api/v1/billing/usage", tag = "billing",
    responses((status = 200, body = Usage), (status = 401, body = Problem)))]
pub async fn usage(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
) -> Result<Json<Usage>, Problem> {
    let user = &auth.user;
    let q = state.accounts.settings().plan(user.plan);
    let now = state.store.now_ms();
    let day = now.div_euclid(DAY_MS);
    let ai = state.store.ai_usage(user.id, day).await?;
    let keys = state.store.list_api_keys(user.id).await?;
    let watchlist = state.store.watchlist(user.id).await?;
    let portfolios = state
        .store
        .portfolios_of(user.id, PORTFOLIO_COUNT_CAP)
        .await?;
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let allowance = |used: i64, limit: u32| Allowance {
        used,
        limit: i64::from(limit),
    };
    let date = chrono::DateTime::from_timestamp_millis(day * DAY_MS)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    Ok(Json(Usage {
        plan: user.plan.as_str().into(),
        day: date,
        ai_notes_today: allowance(ai.notes, q.ai_notes_per_day),
        ai_tokens_today: allowance(ai.tokens, q.ai_tokens_per_day),
        api_keys: allowance(
            count(keys.iter().filter(|k| k.revoked_at.is_none()).count()),
            q.api_keys,
        ),
        watchlist_symbols: allowance(count(watchlist.len()), q.watchlist_symbols),
        portfolios: allowance(count(portfolios.len()), q.portfolios),
    }))
}
