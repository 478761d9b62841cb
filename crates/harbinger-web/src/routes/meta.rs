use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, header};

use crate::extract::MetricsScraper;
use crate::{AppState, Problem};

/// The rendered OpenAPI document, built once at start-up.
#[derive(Debug)]
pub struct OpenApiJson(String);

impl OpenApiJson {
    pub fn render(spec: &utoipa::openapi::OpenApi) -> Self {
        Self(spec.to_json().unwrap_or_else(|_| "{}".to_owned()))
    }
}

/// Prometheus metrics in the text exposition format, rendered from memory: gauges that come
/// from the database are refreshed in the background, never per scrape. When a metrics token
/// is configured the scrape needs it as a bearer token; the route shares the operations quota
/// per address.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses(
        (status = 200, description = "Prometheus text format", content_type = "text/plain; version=0.0.4"),
        (status = 401, description = "A metrics token is configured and the request did not carry it as `Authorization: Bearer <token>`", body = Problem),
    ))]
pub async fn metrics(State(state): State<AppState>, _: MetricsScraper) -> Response {
    let mut res = state.metrics.render().into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    res
}

/// This document: every route the server serves.
#[utoipa::path(get, path = "/api/openapi.json", tag = "operations",
    responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json")))]
pub async fn openapi_json(Extension(spec): Extension<Arc<OpenApiJson>>) -> Response {
    let mut res = spec.0.clone().into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    res
}
