//! What the public pages need to describe the product before anyone signs in: the plans with
//! the limits this deployment configures, and the password rules the server will apply.

use axum::Json;
use axum::extract::State;
use harbinger_auth::password::{MAX_CHARS, MIN_CHARS};
use harbinger_core::Plan;
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;

/// One plan and its limits, as configured (`[plans.free|pro|quant]`).
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanView {
    /// `free`, `pro` or `quant`.
    id: String,
    /// Hours before a signal's full content reaches this plan (0: real time).
    signal_delay_hours: u32,
    watchlist_symbols: u32,
    portfolios: u32,
    api_keys: u32,
    /// API requests per minute: per API key, and per signed-in user (all sessions together).
    requests_per_minute: u32,
    ai_notes_per_day: u32,
    ai_tokens_per_day: u32,
    /// Symbols one backtest may cover (0: public results only).
    backtest_symbols: u32,
    /// WebSocket streams open at once (0: no stream).
    websocket_connections: u32,
    /// CSV export of signals and the track record (every plan exports its own portfolios).
    csv_export: bool,
}

/// Whether this deployment sells plans online.
#[derive(Debug, Serialize, ToSchema)]
pub struct BillingOffer {
    /// `POST /api/v1/billing/checkout` is served. Stripe Checkout is not built yet, so this
    /// is false on every deployment for now.
    checkout: bool,
    /// `POST /api/v1/billing/portal` is served (not built yet: false).
    portal: bool,
}

/// The plans, in ascending order, and how to buy one.
#[derive(Debug, Serialize, ToSchema)]
pub struct Plans {
    plans: Vec<PlanView>,
    billing: BillingOffer,
}

/// The server's password rules, to show before a form is sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct PasswordRules {
    min_chars: usize,
    max_chars: usize,
    /// The strength rule in words (the server's zxcvbn check; its refusal names the reason).
    strength: String,
}

/// The plans this deployment offers, with their limits (public).
#[utoipa::path(get, path = "/api/v1/plans", tag = "billing",
    responses((status = 200, body = Plans)))]
pub async fn plans(State(state): State<AppState>) -> Json<Plans> {
    let settings = state.accounts.settings();
    let plans = Plan::ALL
        .into_iter()
        .map(|plan| {
            let q = settings.plan(plan);
            PlanView {
                id: plan.as_str().into(),
                signal_delay_hours: q.signal_delay_hours,
                watchlist_symbols: q.watchlist_symbols,
                portfolios: q.portfolios,
                api_keys: q.api_keys,
                requests_per_minute: q.requests_per_minute,
                ai_notes_per_day: q.ai_notes_per_day,
                ai_tokens_per_day: q.ai_tokens_per_day,
                backtest_symbols: q.backtest_symbols,
                websocket_connections: q.stream_connections,
                csv_export: q.csv_export,
            }
        })
        .collect();
    Json(Plans {
        plans,
        billing: BillingOffer {
            checkout: false,
            portal: false,
        },
    })
}

/// The rules a new password must meet (public).
#[utoipa::path(get, path = "/api/v1/auth/password-rules", tag = "accounts",
    responses((status = 200, body = PasswordRules)))]
pub async fn password_rules() -> Json<PasswordRules> {
    Json(PasswordRules {
        min_chars: MIN_CHARS,
        max_chars: MAX_CHARS,
        strength: "not a common password, nor one built from your email address; a phrase of \
                   several unrelated words works well"
            .into(),
    })
}
