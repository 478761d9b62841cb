//! The guard in front of every `/api/v1` route: API keys are refused in URLs, cross-origin
//! state changes are refused, the caller is identified (session cookie or bearer API key),
//! read-only keys cannot mutate, and the caller's rate limit is applied and advertised with
//! the IETF `RateLimit-Policy` / `RateLimit` headers. `/readyz` and `/metrics` get one quota
//! per source address, shared by both.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use harbinger_auth::ratelimit::{Decision, Quota};
use harbinger_auth::{Authenticated, Credential};
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};

use crate::client_addr::ClientAddr;
use crate::extract::{meta_of, unauthenticated};
use crate::{AppState, Problem};

/// Routes that take a password or mint a credential: the strict per-IP quota applies.
const AUTH_ROUTES: &[&str] = &[
    "/api/v1/auth/login",
    "/api/v1/auth/register",
    "/api/v1/auth/forgot-password",
    "/api/v1/auth/reset-password",
    "/api/v1/auth/verify-email",
    "/api/v1/auth/confirm-email",
];

/// The session cookie's name: `__Host-` when served over https (then the browser insists on
/// Secure, Path=/ and no Domain).
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-harbinger_session"
    } else {
        "harbinger_session"
    }
}

/// Operations endpoints that do work per call: one quota per address covers them together.
const OPERATIONS_ROUTES: &[&str] = &["/readyz", "/metrics"];

pub(crate) async fn guard(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if OPERATIONS_ROUTES.contains(&req.uri().path()) {
        let key = format!("ops-ip:{}", ClientAddr::of(req.extensions()).key());
        return limited(&state, &key, &state.operations.quota, req, next).await;
    }
    if !req.uri().path().starts_with("/api/v1/") {
        return next.run(req).await;
    }
    if key_in_query(req.uri().query()) {
        return Problem::bad_request(
            "credentials are never accepted in the URL; send Authorization: Bearer <api key>",
        )
        .with_type("credential-in-url")
        .into_response();
    }
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method && cross_origin(req.headers(), &state) {
        return Problem::new(StatusCode::FORBIDDEN)
            .with_type("cross-origin")
            .with_detail("cross-origin requests cannot change state")
            .into_response();
    }
    let auth = match identify(&state, req.headers()).await {
        Ok(a) => a,
        Err(p) => return p.into_response(),
    };
    if unsafe_method
        && matches!(
            auth.as_ref().map(|a| &a.credential),
            Some(Credential::ApiKey { write: false, .. })
        )
    {
        let (parts, body) = req.into_parts();
        let meta = meta_of(&parts);
        let ev = state
            .accounts
            .event(&meta, auth.as_ref(), "authz_fail")
            .failed("read-only API key")
            .meta(serde_json::json!({"path": parts.uri.path(), "method": parts.method.as_str()}));
        if let Err(e) = state.store.audit(&ev).await {
            return Problem::from(e).into_response();
        }
        drop(body);
        return Problem::new(StatusCode::FORBIDDEN)
            .with_type("insufficient-scope")
            .with_detail("this API key is read-only")
            .into_response();
    }
    let ip = ClientAddr::of(req.extensions()).key();
    let is_auth_route = AUTH_ROUTES.contains(&req.uri().path());
    let (key, quota) = limit_for(&state, auth.as_ref(), &ip, is_auth_route);
    if let Some(a) = auth {
        req.extensions_mut().insert(a);
    }
    limited(&state, &key, &quota, req, next).await
}

/// Spends one unit of `quota` on `key`: over it, 429 with `Retry-After`; either way the
/// answer advertises the quota.
async fn limited(state: &AppState, key: &str, quota: &Quota, req: Request, next: Next) -> Response {
    let decision = state.accounts.limiter().check(key, quota, 1).await;
    if !decision.allowed {
        let mut res = Problem::new(StatusCode::TOO_MANY_REQUESTS)
            .with_type("rate-limited")
            .with_detail(format!(
                "rate limit {:?} exceeded; retry after {} s",
                quota.name,
                decision.retry_after_secs()
            ))
            .with_retry_after(decision.retry_after_secs())
            .into_response();
        advertise(res.headers_mut(), &decision);
        return res;
    }
    let mut res = next.run(req).await;
    advertise(res.headers_mut(), &decision);
    res
}

/// Which bucket a request spends from: the strict per-address quota on the auth routes;
/// otherwise the caller's plan's `requests_per_minute`, per API key or, for a signed-in
/// session, per user (all of a user's sessions share it); anonymous callers per address.
fn limit_for(
    state: &AppState,
    auth: Option<&Authenticated>,
    ip: &str,
    auth_route: bool,
) -> (String, Quota) {
    let s = state.accounts.settings();
    if auth_route {
        return (format!("auth-ip:{ip}"), s.auth_per_ip.clone());
    }
    let Some(Authenticated { user, credential }) = auth else {
        return (format!("ip:{ip}"), s.anonymous_per_ip.clone());
    };
    let rpm = s.plan(user.plan).requests_per_minute;
    match credential {
        Credential::ApiKey { id, .. } => (format!("key:{id}"), Quota::new("api-key", rpm, 60_000)),
        Credential::Session { .. } => (
            format!("user:{}", user.id),
            Quota::new("session", rpm, 60_000),
        ),
    }
}

/// `RateLimit-Policy` and `RateLimit` as in draft-ietf-httpapi-ratelimit-headers.
pub(crate) fn advertise(headers: &mut HeaderMap, d: &Decision) {
    let policy = format!("\"{}\";q={};w={}", d.policy, d.limit, d.window_ms / 1000);
    let state = format!("\"{}\";r={};t={}", d.policy, d.remaining, d.reset_secs());
    if let (Ok(p), Ok(s)) = (
        HeaderValue::from_str(&policy),
        HeaderValue::from_str(&state),
    ) {
        headers.insert("ratelimit-policy", p);
        headers.insert("ratelimit", s);
    }
}

/// The caller: a bearer API key (which must be valid), else a session cookie (an invalid or
/// expired cookie is simply anonymous).
pub(crate) async fn identify(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<Authenticated>, Problem> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let text = value.to_str().unwrap_or_default();
        let Some(key) = text.strip_prefix("Bearer ").map(str::trim) else {
            return Err(unauthenticated());
        };
        return match state.accounts.authenticate_api_key(key).await {
            // A plan without API access (a lapsed subscription, a downgrade) stops its keys.
            Ok(Some(a)) if state.accounts.settings().plan(a.user.plan).api_keys == 0 => {
                Err(Problem::plan_limit(
                    &a.user,
                    format!(
                        "the {} plan has no API access; upgrade to use this key again",
                        a.user.plan
                    ),
                ))
            }
            Ok(Some(a)) => Ok(Some(a)),
            Ok(None) => Err(unauthenticated().with_detail("the API key is unknown or revoked")),
            Err(e) => Err(e.into()),
        };
    }
    let name = cookie_name(state.accounts.settings().secure_cookies);
    match session_cookie(headers, name) {
        Some(token) => Ok(state.accounts.authenticate_session(token).await?),
        None => Ok(None),
    }
}

/// The value of cookie `name`, if sent.
pub(crate) fn session_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn key_in_query(query: Option<&str>) -> bool {
    query.is_some_and(|q| {
        q.split('&').any(|pair| {
            let k = pair
                .split('=')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            matches!(
                k.as_str(),
                "api_key" | "apikey" | "key" | "access_token" | "token" | "session"
            )
        })
    })
}

/// True when a browser tells us the request comes from another site. Programs send neither
/// header and pass; browsers always send `Origin` on a cross-origin POST.
pub(crate) fn cross_origin(headers: &HeaderMap, state: &AppState) -> bool {
    let get = |n: &str| headers.get(n).and_then(|v| v.to_str().ok());
    if let Some(site) = get("sec-fetch-site")
        && matches!(site, "cross-site" | "same-site")
    {
        return true;
    }
    let Some(origin) = get("origin") else {
        return false;
    };
    let host = get("host").unwrap_or_default();
    let public = state.accounts.settings().public_url.trim_end_matches('/');
    !(origin == format!("http://{host}") || origin == format!("https://{host}") || origin == public)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_the_query_are_spotted() {
        assert!(key_in_query(Some("api_key=abc")));
        assert!(key_in_query(Some("limit=5&Access_Token=x")));
        assert!(!key_in_query(Some("limit=5&symbol=AAPL")));
        assert!(!key_in_query(None));
    }

    #[test]
    fn cookies_are_found_by_exact_name() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; harbinger_session=tok; x_harbinger_session=no"),
        );
        assert_eq!(session_cookie(&h, "harbinger_session"), Some("tok"));
        assert_eq!(session_cookie(&h, "__Host-harbinger_session"), None);
    }
}
