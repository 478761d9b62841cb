//! Harbinger's HTTP surface. Only this crate sees axum.
//!
//! [`router`] assembles every route (each declared with `#[utoipa::path]`, so
//! `/api/openapi.json` lists all of them) under one middleware stack: request id, the client's
//! address (the socket peer, or what a trusted proxy forwarded), a tracing span per request, panic → 500 problem+json, timeout, body limit, compression, security
//! headers, metrics, and a final pass that turns any bare error into problem+json.
#![forbid(unsafe_code)]

mod assets;
mod client_addr;
mod csv;
pub mod extract;
mod middleware;
pub mod problem;
mod rejections;
mod routes;
pub mod security;
mod state;
mod stream;

pub use client_addr::TrustedProxies;
pub use middleware::{HttpLimits, metrics_handle};
pub use problem::Problem;
pub use rejections::{MAX_ROWS_PER_WINDOW, RejectedDeliveries, Rejection};
pub use routes::{AcceptedBacktest, FillParam, ReadinessCache, openapi, router};
pub use state::{
    AppState, BuildInfo, MetricsToken, Operations, Probe, ProbeFuture, ProviderHealth,
    ProviderStatus, StripeWebhook,
};
pub use stream::{StreamHub, StreamSettings};
