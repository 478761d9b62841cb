//! Registration, login and logout, and the links mailed to users.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use harbinger_auth::Credential;
use http::{HeaderValue, StatusCode, header};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::me::MeView;
use crate::extract::{ApiJson, AuthUser, MaybeAuthUser, Meta};
use crate::security::cookie_name;
use crate::{AppState, Problem};

/// Email and password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterBody {
    #[schema(
        max_length = 254,
        pattern = r"^\s*[^@\s\x00-\x1f\x7f-\x9f]+@[^@\s\x00-\x1f\x7f-\x9f.][^@\s\x00-\x1f\x7f-\x9f]*\.[^@\s\x00-\x1f\x7f-\x9f]*[^@\s\x00-\x1f\x7f-\x9f.]\s*$"
    )]
    email: String,
    /// 8 to 1024 characters, any Unicode; refused when easy to guess.
    #[schema(min_length = 8, max_length = 1024)]
    password: String,
}

/// Email, password and, when two-factor is on, a TOTP or recovery code.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    #[schema(max_length = 254)]
    email: String,
    #[schema(max_length = 1024)]
    password: String,
    #[schema(max_length = 32)]
    totp: Option<String>,
}

/// A token from a mailed link.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenBody {
    #[schema(max_length = 128)]
    token: String,
}

/// An email address.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailBody {
    #[schema(
        max_length = 254,
        pattern = r"^\s*[^@\s\x00-\x1f\x7f-\x9f]+@[^@\s\x00-\x1f\x7f-\x9f.][^@\s\x00-\x1f\x7f-\x9f]*\.[^@\s\x00-\x1f\x7f-\x9f]*[^@\s\x00-\x1f\x7f-\x9f.]\s*$"
    )]
    email: String,
}

/// A reset token and the new password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetBody {
    #[schema(max_length = 128)]
    token: String,
    #[schema(min_length = 8, max_length = 1024)]
    password: String,
}

/// What registration answers, whether or not the address already had an account.
#[derive(Debug, Serialize, ToSchema)]
pub struct Registered {
    email: String,
    /// Always `verification_sent`.
    status: &'static str,
}

/// A short confirmation.
#[derive(Debug, Serialize, ToSchema)]
pub struct Done {
    status: &'static str,
}

pub(crate) fn done() -> axum::Json<Done> {
    axum::Json(Done { status: "ok" })
}

/// Create an account; a verification link is mailed. An address that already has an account
/// gets the same answer (and a notice by mail), so registration does not reveal accounts.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "accounts", request_body = RegisterBody,
    responses((status = 201, body = Registered), (status = 422, description = "Weak password or bad email", body = Problem),
              (status = 429, body = Problem)))]
pub async fn register(
    State(state): State<AppState>,
    Meta(meta): Meta,
    ApiJson(body): ApiJson<RegisterBody>,
) -> Result<Response, Problem> {
    let email = state
        .accounts
        .register(&body.email, body.password, &meta)
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(Registered {
            email: email.to_string(),
            status: "verification_sent",
        }),
    )
        .into_response())
}

/// Log in: a new session cookie (HttpOnly, SameSite=Lax, Secure on https). Any session the
/// request already carried ends (no fixation).
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accounts", request_body = LoginBody,
    responses((status = 200, body = MeView), (status = 401, description = "Wrong email or password, or a second factor is required", body = Problem),
              (status = 429, description = "Too many attempts", body = Problem)))]
pub async fn login(
    State(state): State<AppState>,
    MaybeAuthUser(prior): MaybeAuthUser,
    Meta(meta): Meta,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<Response, Problem> {
    if body.email.chars().count() > 254 || body.password.chars().count() > 1024 {
        return Err(harbinger_auth::AuthError::InvalidCredentials.into());
    }
    let out = state
        .accounts
        .login(&body.email, body.password, body.totp.as_deref(), &meta)
        .await?;
    if let Some(prior) = prior.filter(|p| matches!(p.credential, Credential::Session { .. })) {
        state.accounts.logout(&prior, &meta).await?;
    }
    let settings = state.accounts.settings();
    let max_age = settings.session_absolute_ms / 1000;
    let cookie = format!(
        "{}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        cookie_name(settings.secure_cookies),
        out.token,
        if settings.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    );
    let mut res = axum::Json(MeView::of(&out.user, settings)).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(res)
}

/// Log out: the session ends on the server and the cookie is cleared.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts",
    responses((status = 200, body = Done), (status = 401, body = Problem)))]
pub async fn logout(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    Meta(meta): Meta,
) -> Result<Response, Problem> {
    state.accounts.logout(&auth, &meta).await?;
    let secure = state.accounts.settings().secure_cookies;
    let cookie = format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        cookie_name(secure),
        if secure { "; Secure" } else { "" }
    );
    let mut res = done().into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(res)
}

/// Confirm an email address with the token from the verification mail.
#[utoipa::path(post, path = "/api/v1/auth/verify-email", tag = "accounts", request_body = TokenBody,
    responses((status = 200, body = Done), (status = 400, description = "Invalid or expired link", body = Problem)))]
pub async fn verify_email(
    State(state): State<AppState>,
    Meta(meta): Meta,
    ApiJson(body): ApiJson<TokenBody>,
) -> Result<axum::Json<Done>, Problem> {
    state.accounts.verify_email(&body.token, &meta).await?;
    Ok(done())
}

/// Complete an email change with the token mailed to the new address.
#[utoipa::path(post, path = "/api/v1/auth/confirm-email", tag = "accounts", request_body = TokenBody,
    responses((status = 200, body = Done), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub async fn confirm_email(
    State(state): State<AppState>,
    Meta(meta): Meta,
    ApiJson(body): ApiJson<TokenBody>,
) -> Result<axum::Json<Done>, Problem> {
    state
        .accounts
        .confirm_email_change(&body.token, &meta)
        .await?;
    Ok(done())
}

/// Mail a password-reset link (valid 30 minutes, once). Same answer for unknown addresses.
#[utoipa::path(post, path = "/api/v1/auth/forgot-password", tag = "accounts", request_body = EmailBody,
    responses((status = 202, body = Done), (status = 422, description = "Not an email address", body = Problem), (status = 429, body = Problem)))]
pub async fn forgot_password(
    State(state): State<AppState>,
    Meta(meta): Meta,
    ApiJson(body): ApiJson<EmailBody>,
) -> Result<Response, Problem> {
    // Only the address's syntax is judged here: a well-formed unknown address gets the same
    // 202 as a known one.
    harbinger_core::Email::parse(&body.email).map_err(|e| {
        Problem::new(StatusCode::UNPROCESSABLE_ENTITY)
            .with_type("invalid")
            .with_detail(e.to_string())
    })?;
    state.accounts.forgot_password(&body.email, &meta).await?;
    Ok((StatusCode::ACCEPTED, done()).into_response())
}

/// Set a new password with a reset token; every session of the account ends.
#[utoipa::path(post, path = "/api/v1/auth/reset-password", tag = "accounts", request_body = ResetBody,
    responses((status = 200, body = Done), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn reset_password(
    State(state): State<AppState>,
    Meta(meta): Meta,
    ApiJson(body): ApiJson<ResetBody>,
) -> Result<axum::Json<Done>, Problem> {
    state
        .accounts
        .reset_password(&body.token, body.password, &meta)
        .await?;
    Ok(done())
}
