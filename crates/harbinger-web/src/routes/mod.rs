//! Every route, declared with `#[utoipa::path]` and collected into the OpenAPI document.

mod health;
mod market;
mod meta;

use std::sync::Arc;

use axum::Router;
use axum::routing::any;
use http::{HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::{AppState, Problem, assets, middleware};

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
    )
)]
struct ApiDoc;

fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(meta::metrics))
        .routes(routes!(meta::openapi_json))
        .routes(routes!(market::bars))
        .routes(routes!(market::symbols))
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
