//! Every route, declared with `#[utoipa::path]` and collected into the OpenAPI document.

mod admin;
mod api_keys;
mod auth;
mod backtests;
mod exports;
mod health;
mod ledger;
mod market;
mod me;
mod meta;
mod portfolios;
mod signals;
mod track_record;
mod watchlist;

use std::sync::Arc;

use axum::Router;
use axum::routing::any;
use http::{HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::{AppState, Problem, assets, middleware, security};

pub use backtests::{AcceptedBacktest, FillParam};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Harbinger API",
        description = "Trading signals with calibrated confidence, a verifiable track record and real-time delivery.",
        license(name = "AGPL-3.0-only")
    ),
    tags(
        (name = "operations", description = "Health, readiness, metrics and this document"),
        (name = "market", description = "Prices and symbols"),
        (name = "accounts", description = "Registration, login, sessions, two-factor"),
        (name = "api-keys", description = "API keys for programs"),
        (name = "backtests", description = "Backtests run on request, as jobs"),
        (name = "portfolios", description = "Portfolios: transactions, positions, P&L, returns, CSV import and export"),
        (name = "signals", description = "Signals, their explanations, the track record and watchlists"),
        (name = "ledger", description = "The public, hash-chained signal ledger"),
        (name = "admin", description = "Operator routes (role admin)"),
    ),
    modifiers(&SecuritySchemes),
    security(("session" = []), ("api_key" = []), ())
)]
struct ApiDoc;

/// Declares the two ways to authenticate: the session cookie and a bearer API key.
struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("harbinger_session"))),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(meta::metrics))
        .routes(routes!(meta::openapi_json))
        .routes(routes!(market::bars))
        .routes(routes!(market::symbols))
        .routes(routes!(auth::register))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::verify_email))
        .routes(routes!(auth::confirm_email))
        .routes(routes!(auth::forgot_password))
        .routes(routes!(auth::reset_password))
        .routes(routes!(me::me))
        .routes(routes!(me::change_password))
        .routes(routes!(me::change_email))
        .routes(routes!(me::delete_account))
        .routes(routes!(me::sessions))
        .routes(routes!(me::logout_others))
        .routes(routes!(me::revoke_session))
        .routes(routes!(me::totp_begin))
        .routes(routes!(me::totp_confirm))
        .routes(routes!(me::totp_disable))
        .routes(routes!(api_keys::create, api_keys::list))
        .routes(routes!(api_keys::revoke))
        .routes(routes!(backtests::create, backtests::list))
        .routes(routes!(backtests::get))
        .routes(routes!(portfolios::list, portfolios::create))
        .routes(routes!(
            portfolios::value::get,
            portfolios::rename,
            portfolios::delete
        ))
        .routes(routes!(
            portfolios::transactions::list,
            portfolios::transactions::create
        ))
        .routes(routes!(portfolios::import::import))
        .routes(routes!(portfolios::transactions::delete))
        .routes(routes!(portfolios::export::portfolio_csv))
        .routes(routes!(signals::list))
        .routes(routes!(signals::get))
        .routes(routes!(signals::explanation))
        .routes(routes!(track_record::track_record))
        .routes(routes!(watchlist::get, watchlist::put))
        .routes(routes!(ledger::entries))
        .routes(routes!(ledger::head))
        .routes(routes!(ledger::export))
        .routes(routes!(exports::signals_csv))
        .routes(routes!(exports::track_record_csv))
        .routes(routes!(admin::users))
        .routes(routes!(admin::set_role))
        .routes(routes!(admin::set_plan))
        .routes(routes!(admin::set_disabled))
        .routes(routes!(admin::audit))
        .routes(routes!(admin::mailbox))
        .routes(routes!(admin::jobs))
        .routes(routes!(admin::providers))
}

/// The OpenAPI document of every route this build serves.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_routes().split_for_parts().1
}

/// The complete application: API, operations endpoints and the dashboard, behind the
/// middleware stack.
pub fn router(state: AppState) -> Router {
    let (routes, spec) = api_routes().split_for_parts();
    let spec = Arc::new(meta::OpenApiJson::render(&spec));
    let limits = state.limits.clone();
    let api = routes
        // Unknown API paths answer problem+json, not the dashboard's index page.
        .route("/api/{*rest}", any(api_not_found))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::guard,
        ))
        .layer(axum::Extension(spec))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state);
    let app = Router::new().merge(api).fallback(assets::serve);
    middleware::apply(app, &limits)
}

async fn api_not_found() -> Problem {
    Problem::not_found("no such API endpoint; see /api/openapi.json")
}
