//! The middleware stack shared by every route.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use http::{HeaderName, HeaderValue, StatusCode, header};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::TrustedProxies;
use crate::client_addr;
use crate::problem::{PROBLEM_JSON, Problem};

/// Request limits and transport facts the stack needs.
#[derive(Debug, Clone)]
pub struct HttpLimits {
    /// Largest accepted request body (the API default is 1 MiB).
    pub body_limit: usize,
    /// A request still running after this gets a 503.
    pub request_timeout: Duration,
    /// Sent `Strict-Transport-Security` (only when served over https).
    pub hsts: bool,
    /// Proxies whose forwarding headers name the client ([`crate::TrustedProxies`]).
    pub trusted_proxies: TrustedProxies,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            body_limit: 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            hsts: false,
            trusted_proxies: TrustedProxies::default(),
        }
    }
}

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
frame-ancestors 'none'; form-action 'self'";

/// The process-wide Prometheus recorder (metrics allow one per process).
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Suffix("duration_seconds".into()),
                    &[
                        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                        10.0,
                    ],
                )
                .unwrap_or_else(|_| PrometheusBuilder::new());
            // A recorder installed by someone else (tests embedding several apps) is fine:
            // fall back to a private one so rendering still works.
            builder
                .install_recorder()
                .unwrap_or_else(|_| PrometheusBuilder::new().build_recorder().handle())
        })
        .clone()
}

/// The request id header: kept from the client when it is plain, else generated.
const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Longest client-supplied request id kept (a UUID is 36, a W3C trace id 32).
const MAX_REQUEST_ID: usize = 64;

/// Whether a client-supplied request id may be logged, echoed and audited as it is: 1–64
/// characters of `[A-Za-z0-9._:-]`. Anything else (long, spaces, quotes, markup, control or
/// non-ASCII bytes) could forge log fields or bloat every log line and audit row it lands in.
pub(crate) fn is_plain_request_id(id: &[u8]) -> bool {
    (1..=MAX_REQUEST_ID).contains(&id.len())
        && id
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
}

/// Removes a client's `x-request-id` unless it is one plain value, so the next layer gives
/// the request a fresh UUID instead. Runs before anything reads the header.
fn drop_unplain_request_id<B>(mut req: http::Request<B>) -> http::Request<B> {
    let mut values = req.headers().get_all(&REQUEST_ID).iter();
    let plain = match (values.next(), values.next()) {
        (None, _) => true,
        (Some(v), None) => is_plain_request_id(v.as_bytes()),
        // Two ids: which one a reader takes is arbitrary; keep neither.
        (Some(_), Some(_)) => false,
    };
    if !plain {
        req.headers_mut().remove(&REQUEST_ID);
    }
    req
}

/// Wraps `router` in the full stack. Outermost first: request id (a client's own only when
/// plain, [`is_plain_request_id`]), the client's address ([`client_addr::attach`]), trace span, panic guard,
/// compression, problem normaliser, security headers, body limit, timeout. The stack wraps the
/// router once, as a single service (layers added with `Router::layer` would be cloned into
/// every route on every request); only the metrics layer sits per route, where it can read
/// the matched route template.
pub(crate) fn apply(router: Router, limits: &HttpLimits) -> Router {
    let request_id = REQUEST_ID;
    let hsts = limits.hsts;
    let trusted = std::sync::Arc::new(limits.trusted_proxies.clone());
    let inner = router
        .layer(middleware::from_fn(track_metrics))
        .layer(DefaultBodyLimit::max(limits.body_limit));
    let stack = ServiceBuilder::new()
        .map_request(drop_unplain_request_id)
        .map_request(move |req| client_addr::attach(req, &trusted))
        .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::new(request_id))
        .layer(CatchPanicLayer::custom(|_panic: Box<dyn std::any::Any + Send>| {
            // The payload may quote request data; the span already carries the request id.
            tracing::error!("handler panicked");
            Problem::internal().into_response()
        }))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(normalize_errors))
        .map_response(move |res| security_headers(res, hsts))
        .layer(RequestBodyLimitLayer::new(limits.body_limit))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            limits.request_timeout,
        ))
        .service(inner);
    Router::new().fallback_service(stack)
}

/// Adds the security headers every response carries, unless a handler set its own.
fn security_headers<B>(mut res: http::Response<B>, hsts: bool) -> http::Response<B> {
    let h = res.headers_mut();
    let fixed = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (header::CONTENT_SECURITY_POLICY, CSP),
        (COOP, "same-origin"),
        (
            PERMISSIONS_POLICY,
            "camera=(), microphone=(), geolocation=()",
        ),
    ];
    for (name, value) in fixed {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    }
    if hsts && !h.contains_key(header::STRICT_TRANSPORT_SECURITY) {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    res
}

const COOP: HeaderName = HeaderName::from_static("cross-origin-opener-policy");
const PERMISSIONS_POLICY: HeaderName = HeaderName::from_static("permissions-policy");

/// Counts requests and errors and times them, labelled by the route template (never the raw
/// path, which would explode label cardinality).
async fn track_metrics(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = req.method().as_str().to_owned();
    let start = Instant::now();
    let res = next.run(req).await;
    let status = res.status();
    let labels = [("method", method), ("route", route)];
    metrics::histogram!("harbinger_http_request_duration_seconds", &labels)
        .record(start.elapsed().as_secs_f64());
    let mut with_status = labels.to_vec();
    with_status.push(("status", status.as_u16().to_string()));
    metrics::counter!("harbinger_http_requests_total", &with_status).increment(1);
    if status.is_server_error() {
        metrics::counter!("harbinger_http_errors_total", &labels).increment(1);
    }
    res
}

/// Any error response that is not already JSON (axum's 405, a 413 from the body
/// limit, a 503 timeout, an extractor rejection) is rewritten into one, keeping its status
/// and headers such as `Allow`.
async fn normalize_errors(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    // Problems and deliberate JSON answers (a 503 readiness report) pass untouched.
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with(PROBLEM_JSON) || ct.starts_with("application/json"));
    if is_json {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // Rejection texts from extractors are short and safe to show ("missing field `email`");
    // server errors never echo their body.
    let detail = if status.is_client_error() {
        axum::body::to_bytes(body, 2048)
            .await
            .ok()
            .and_then(|b| String::from_utf8(b.to_vec()).ok())
            .map(|s| s.trim().chars().take(300).collect::<String>())
            .filter(|s| !s.is_empty())
    } else {
        None
    };
    let mut problem = Problem::new(status);
    problem.detail = detail;
    let fresh = problem.into_response();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    Response::from_parts(parts, fresh.into_body()).map(Body::new)
}

#[cfg(test)]
#[path = "middleware_tests.rs"]
mod tests;
