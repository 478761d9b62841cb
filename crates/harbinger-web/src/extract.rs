//! Extractors that keep handlers short: who is calling ([`AuthUser`], [`MaybeAuthUser`],
//! [`SessionUser`], [`AdminUser`], [`MetricsScraper`]), where from ([`Meta`]), and a JSON
//! body that refuses unknown fields with a 400 ([`ApiJson`]).

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};
use harbinger_auth::{Authenticated, Credential, RequestMeta};
use harbinger_store::Role;
use http::request::Parts;
use http::{HeaderValue, StatusCode, header};

use crate::client_addr::ClientAddr;
use crate::{AppState, Problem};

/// The signed-in caller (401 otherwise).
#[derive(Debug, Clone)]
pub struct AuthUser(pub Authenticated);

/// The caller, if signed in.
#[derive(Debug, Clone)]
pub struct MaybeAuthUser(pub Option<Authenticated>);

/// A caller signed in with a session, for credential and account management: API keys,
/// sessions, password, email, two-factor, deletion and every admin route. An API key is
/// refused (403, audited) whatever its scopes: a key covers data only, so a stolen key can
/// neither mint a replacement that outlives its revocation nor take the account over.
#[derive(Debug, Clone)]
pub struct SessionUser(pub Authenticated);

/// A signed-in admin, with a session (401 when anonymous, 403 for API keys and for other
/// users; the refusal is audited).
#[derive(Debug, Clone)]
pub struct AdminUser(pub Authenticated);

/// A caller allowed to read `/metrics`: anyone when no metrics token is configured, else only
/// `Authorization: Bearer <token>` (401 with `WWW-Authenticate: Bearer` otherwise). Refusals
/// are not audited: the route is rate limited per address, and an audit row per guess would
/// hand the audit log's lock to anonymous callers.
#[derive(Debug, Clone, Copy)]
pub struct MetricsScraper;

impl FromRequestParts<AppState> for MetricsScraper {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Some(token) = &state.operations.metrics_token else {
            return Ok(Self);
        };
        let presented = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        if presented.is_some_and(|p| token.accepts(p)) {
            return Ok(Self);
        }
        let problem = Problem::new(StatusCode::UNAUTHORIZED)
            .with_type("unauthenticated")
            .with_detail("this server's metrics need Authorization: Bearer <metrics token>");
        Err((
            [(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"))],
            problem,
        )
            .into_response())
    }
}

/// The request's origin facts for the audit log.
#[derive(Debug, Clone)]
pub struct Meta(pub RequestMeta);

impl<S: Send + Sync> FromRequestParts<S> for MaybeAuthUser {
    type Rejection = Problem;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Problem> {
        Ok(Self(parts.extensions.get::<Authenticated>().cloned()))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AuthUser {
    type Rejection = Problem;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Problem> {
        parts
            .extensions
            .get::<Authenticated>()
            .cloned()
            .map(Self)
            .ok_or_else(unauthenticated)
    }
}

impl FromRequestParts<AppState> for SessionUser {
    type Rejection = Problem;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let AuthUser(auth) = AuthUser::from_request_parts(parts, state).await?;
        if matches!(auth.credential, Credential::Session { .. }) {
            return Ok(Self(auth));
        }
        refuse(parts, state, &auth, "session required", || {
            Problem::new(StatusCode::FORBIDDEN)
                .with_type("session-required")
                .with_detail(
                    "API keys cover data only; sign in to manage keys, sessions, the account \
                     or the server",
                )
        })
        .await
    }
}

impl FromRequestParts<AppState> for AdminUser {
    type Rejection = Problem;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let SessionUser(auth) = SessionUser::from_request_parts(parts, state).await?;
        if auth.user.role == Role::Admin {
            return Ok(Self(auth));
        }
        refuse(parts, state, &auth, "admin role required", || {
            Problem::new(StatusCode::FORBIDDEN)
                .with_type("forbidden")
                .with_detail("this needs the admin role")
        })
        .await
    }
}

/// Audits a refused authorisation (`authz_fail`, with the path) and answers `problem`.
async fn refuse<T>(
    parts: &Parts,
    state: &AppState,
    auth: &Authenticated,
    why: &str,
    problem: impl FnOnce() -> Problem,
) -> Result<T, Problem> {
    let meta = meta_of(parts);
    let ev = state
        .accounts
        .event(&meta, Some(auth), "authz_fail")
        .failed(why)
        .meta(serde_json::json!({"path": parts.uri.path()}));
    state.store.audit(&ev).await?;
    Err(problem())
}

impl<S: Send + Sync> FromRequestParts<S> for Meta {
    type Rejection = Problem;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Problem> {
        Ok(Self(meta_of(parts)))
    }
}

/// The request's origin: the client address the stack decided ([`ClientAddr`]: the socket
/// peer, or what a trusted proxy forwarded), the user agent and the request id.
pub(crate) fn meta_of(parts: &Parts) -> RequestMeta {
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    RequestMeta {
        ip: ClientAddr::of(&parts.extensions).0.map(|ip| ip.to_string()),
        user_agent: header("user-agent").map(|u| u.chars().take(256).collect()),
        request_id: header("x-request-id"),
    }
}

pub(crate) fn unauthenticated() -> Problem {
    Problem::new(StatusCode::UNAUTHORIZED)
        .with_type("unauthenticated")
        .with_detail("sign in, or send Authorization: Bearer <api key>")
}

/// Parses a JSON body read as bytes, as [`ApiJson`] would. For handlers that must answer 404
/// for another user's object before looking at the body.
pub(crate) fn json_body<T: serde::de::DeserializeOwned>(
    headers: &http::HeaderMap,
    body: &[u8],
) -> Result<T, Problem> {
    let json = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| {
            let m = m.trim().to_ascii_lowercase();
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        });
    if !json {
        return Err(Problem::new(StatusCode::UNSUPPORTED_MEDIA_TYPE)
            .with_detail("send Content-Type: application/json"));
    }
    axum::Json::<T>::from_bytes(body)
        .map(|axum::Json(v)| v)
        .map_err(|e| Problem::bad_request(e.body_text().chars().take(300).collect::<String>()))
}

/// A JSON body. Syntax errors, type errors and unknown fields are 400; a missing or wrong
/// Content-Type is 415.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Problem;
    async fn from_request(req: Request, state: &S) -> Result<Self, Problem> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Self(v)),
            Err(JsonRejection::MissingJsonContentType(_)) => {
                Err(Problem::new(StatusCode::UNSUPPORTED_MEDIA_TYPE)
                    .with_detail("send Content-Type: application/json"))
            }
            Err(JsonRejection::BytesRejection(e)) => {
                Err(Problem::new(e.status()).with_detail(e.body_text()))
            }
            Err(e) => Err(Problem::bad_request(
                e.body_text().chars().take(300).collect::<String>(),
            )),
        }
    }
}
