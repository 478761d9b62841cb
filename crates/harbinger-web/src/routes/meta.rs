use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, header};

use crate::AppState;

/// The rendered OpenAPI document, built once at start-up.
#[derive(Debug)]
pub struct OpenApiJson(String);

impl OpenApiJson {
    pub fn render(spec: &utoipa::openapi::OpenApi) -> Self {
        Self(spec.to_json().unwrap_or_else(|_| "{}".to_owned()))
    }
}

/// Prometheus metrics in the text exposition format.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain; version=0.0.4")))]
pub async fn metrics(State(state): State<AppState>) -> Response {
    if let Ok(counts) = state.store.job_counts().await {
        for (status, n) in [
            ("queued", counts.queued),
            ("running", counts.running),
            ("done", counts.done),
            ("dead", counts.dead),
        ] {
            metrics::gauge!("harbinger_jobs", "status" => status).set(n as f64);
        }
    }
    if let Some(report) = &state.providers {
        for p in report() {
            let labels = [("provider", p.provider.clone())];
            let open = match p.breaker.as_str() {
                "open" => 1.0,
                "half_open" => 0.5,
                _ => 0.0,
            };
            metrics::gauge!("harbinger_market_provider_breaker_open", &labels).set(open);
            metrics::gauge!("harbinger_market_provider_errors", &labels).set(p.errors_total as f64);
            if let Some(ms) = p.last_success_ms {
                metrics::gauge!("harbinger_market_provider_last_success_seconds", &labels)
                    .set(ms as f64 / 1000.0);
            }
        }
    }
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
