//! RFC 9457 problem details: the one error shape of the whole API.

use axum::Json;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde::{Deserialize, Serialize};

/// The media type of every error response.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error as the client sees it. Internal causes are logged, never put in here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem; `about:blank` when the status says it all.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Seconds to wait before retrying, mirrored in the `Retry-After` header.
    #[serde(skip)]
    pub retry_after: Option<u64>,
}

impl Problem {
    /// A problem whose title is the status's reason phrase.
    pub fn new(status: StatusCode) -> Self {
        Self {
            kind: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            detail: None,
            retry_after: None,
        }
    }

    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Names the problem kind with a stable slug (`https://harbinger.dev/problems/<slug>`).
    #[must_use]
    pub fn with_type(mut self, slug: &str) -> Self {
        self.kind = format!("https://harbinger.dev/problems/{slug}");
        self
    }

    #[must_use]
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// The caller's plan does not include what was asked: 403 `plan-limit` with `detail`.
    /// When the plan lapsed because a payment is owed (a past-due or unpaid subscription),
    /// the answer is 402 `payment-required` instead: paying, not upgrading, brings it back.
    pub fn plan_limit(user: &harbinger_store::User, detail: impl Into<String>) -> Self {
        if let Some(status) = user
            .billing_status
            .as_deref()
            .and_then(harbinger_billing::Status::parse)
            .filter(|s| s.payment_due())
        {
            return Self::new(StatusCode::PAYMENT_REQUIRED)
                .with_type("payment-required")
                .with_detail(format!(
                    "your subscription is {}; paid features return as soon as Stripe reports the invoice paid",
                    status.as_str().replace('_', " ")
                ));
        }
        Self::new(StatusCode::FORBIDDEN)
            .with_type("plan-limit")
            .with_detail(detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND).with_detail(detail)
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST).with_detail(detail)
    }

    /// The database is unreachable: 503 with a short `Retry-After`, never a 500.
    pub fn unavailable() -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE)
            .with_type("unavailable")
            .with_detail("a backing service is unavailable; retry shortly")
            .with_retry_after(5)
    }

    /// An unexpected failure; the cause goes to the log with the request id, not here.
    pub fn internal() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR)
            .with_detail("an unexpected error occurred; it has been logged")
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry_after = self.retry_after;
        let mut res = (status, Json(self)).into_response();
        res.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(s) = retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        res
    }
}

impl From<harbinger_auth::AuthError> for Problem {
    fn from(e: harbinger_auth::AuthError) -> Self {
        use harbinger_auth::AuthError as E;
        let text = e.to_string();
        match e {
            E::InvalidCredentials => Self::new(StatusCode::UNAUTHORIZED)
                .with_type("invalid-credentials")
                .with_detail(text),
            E::TotpRequired => Self::new(StatusCode::UNAUTHORIZED)
                .with_type("totp-required")
                .with_detail(text),
            E::Locked { retry_after_secs } => Self::new(StatusCode::TOO_MANY_REQUESTS)
                .with_type("login-locked")
                .with_detail(text)
                .with_retry_after(retry_after_secs.max(1)),
            E::Throttled { retry_after_secs } => Self::new(StatusCode::TOO_MANY_REQUESTS)
                .with_type("login-throttled")
                .with_detail(text)
                .with_retry_after(retry_after_secs.max(1)),
            E::Unauthenticated => crate::extract::unauthenticated(),
            E::Forbidden(_) => Self::new(StatusCode::FORBIDDEN)
                .with_type("forbidden")
                .with_detail(text),
            E::NotFound => Self::not_found("no such object"),
            E::Invalid(_) => Self::new(StatusCode::UNPROCESSABLE_ENTITY)
                .with_type("invalid")
                .with_detail(text),
            E::InvalidToken => Self::bad_request(text).with_type("invalid-token"),
            E::Conflict(_) => Self::new(StatusCode::CONFLICT).with_detail(text),
            E::Unavailable => Self::unavailable(),
            E::Busy { retry_after_secs } => Self::new(StatusCode::SERVICE_UNAVAILABLE)
                .with_type("busy")
                .with_detail(text)
                .with_retry_after(retry_after_secs.max(1)),
            E::Internal(cause) => {
                tracing::error!(error = %cause, "accounts error");
                Self::internal()
            }
        }
    }
}

impl From<harbinger_marketdata::MarketError> for Problem {
    fn from(e: harbinger_marketdata::MarketError) -> Self {
        use harbinger_marketdata::MarketError;
        match e {
            MarketError::Unavailable {
                reason,
                retry_after_secs,
            } => Self::new(StatusCode::SERVICE_UNAVAILABLE)
                .with_type("market-data-unavailable")
                .with_detail(reason)
                .with_retry_after(retry_after_secs),
            MarketError::NotFound(detail) => Self::not_found(detail),
            MarketError::Store(e) => e.into(),
        }
    }
}

impl From<harbinger_store::StoreError> for Problem {
    fn from(e: harbinger_store::StoreError) -> Self {
        if e.is_unavailable() {
            tracing::warn!(error = %e, "database unavailable");
            Self::unavailable()
        } else {
            tracing::error!(error = ?e, "store error");
            Self::internal()
        }
    }
}
