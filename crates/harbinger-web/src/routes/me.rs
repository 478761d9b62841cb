//! The signed-in user's own account: profile, password, email, sessions, two-factor, deletion.

use axum::extract::{Path, State};
use harbinger_auth::{AuthSettings, Credential};
use harbinger_store::{Session, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::auth::{Done, done};
use crate::extract::{ApiJson, AuthUser, Meta, SessionUser};
use crate::{AppState, Problem};

/// The caller's account. Never contains hashes or secrets.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeView {
    id: Uuid,
    email: String,
    /// `user` or `admin`.
    role: String,
    /// `free`, `pro` or `quant`.
    plan: String,
    /// The Stripe subscription status behind the plan (`active`, `trialing`, `past_due`,
    /// `unpaid`, `canceled` …); null when the plan was set by hand.
    billing_status: Option<String>,
    email_verified: bool,
    totp_enabled: bool,
    /// Disabled by an operator: cannot sign in (always false for the caller's own view).
    disabled: bool,
    created_at: i64,
    /// API keys the plan allows.
    api_keys_allowed: u32,
    /// API requests per minute on this plan: per API key, and for the user's signed-in
    /// sessions together.
    requests_per_minute: u32,
}

impl MeView {
    pub(crate) fn of(u: &User, s: &AuthSettings) -> Self {
        let q = s.plan(u.plan);
        Self {
            id: u.id,
            email: u.email.clone(),
            role: u.role.as_str().into(),
            plan: u.plan.as_str().into(),
            billing_status: u.billing_status.clone(),
            email_verified: u.email_verified_at.is_some(),
            totp_enabled: u.totp_enabled_at.is_some(),
            disabled: u.disabled_at.is_some(),
            created_at: u.created_at,
            api_keys_allowed: q.api_keys,
            requests_per_minute: q.requests_per_minute,
        }
    }
}

/// Current and new password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    #[schema(max_length = 1024)]
    current_password: String,
    #[schema(min_length = 8, max_length = 1024)]
    new_password: String,
    /// Stay logged in here (every other session ends regardless). Default false.
    #[serde(default)]
    keep_this_session: bool,
}

/// The current password and the new address.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailChange {
    #[schema(max_length = 1024)]
    password: String,
    #[schema(max_length = 254)]
    new_email: String,
}

/// The current password, to confirm a sensitive action.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordOnly {
    #[schema(max_length = 1024)]
    password: String,
}

/// A code from the authenticator app.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TotpCode {
    #[schema(max_length = 32)]
    code: String,
}

/// What turning two-factor off takes: the password and a second factor, so a stolen
/// password alone cannot remove the second factor.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TotpDisable {
    #[schema(max_length = 1024)]
    password: String,
    /// A current six-digit code, or one of the recovery codes.
    #[schema(max_length = 64)]
    code: String,
}

/// A session as its owner sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    id: Uuid,
    created_at: i64,
    last_seen_at: i64,
    expires_at: i64,
    ip: Option<String>,
    user_agent: Option<String>,
    /// The session this request came with.
    current: bool,
}

/// Two-factor enrolment: show `otpauth_uri` as a QR code, then confirm with a code.
#[derive(Debug, Serialize, ToSchema)]
pub struct TotpSetup {
    secret: String,
    otpauth_uri: String,
}

/// Ten single-use recovery codes, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecoveryCodes {
    recovery_codes: Vec<String>,
}

/// Sessions ended.
#[derive(Debug, Serialize, ToSchema)]
pub struct Ended {
    ended: u64,
}

/// The caller's account, plan and limits.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses((status = 200, body = MeView), (status = 401, body = Problem)))]
pub async fn me(State(state): State<AppState>, AuthUser(auth): AuthUser) -> axum::Json<MeView> {
    axum::Json(MeView::of(&auth.user, state.accounts.settings()))
}

/// Change the password (current password required). Other sessions end.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "accounts", request_body = PasswordChange,
    responses((status = 200, body = Done), (status = 401, body = Problem), (status = 422, body = Problem)))]
pub async fn change_password(
    State(state): State<AppState>,
    SessionUser(auth): SessionUser,
    Meta(meta): Meta,
    ApiJson(b): ApiJson<PasswordChange>,
) -> Result<axum::Json<Done>, Problem> {
    state
        .accounts
        .change_password(
            &auth,
            b.current_password,
            b.new_password,
            b.keep_this_session,
            &meta,
        )
        .await?;
    Ok(done())
}

/// Start an email change (password required): a link goes to the new address.
#[utoipa::path(post, path = "/api/v1/me/email", tag = "accounts", request_body = EmailChange,
    responses((status = 202, body = Done), (status = 401, body = Problem), (status = 422, body = Problem)))]
pub async fn change_email(
    State(state): State<AppState>,
    SessionUser(auth): SessionUser,
    Meta(meta): Meta,
    ApiJson(b): ApiJson<EmailChange>,
) -> Result<(http::StatusCode, axum::Json<Done>), Problem> {
    state
        .accounts
        .request_email_change(&auth, b.password, &b.new_email, &meta)
        .await?;
    Ok((http::StatusCode::ACCEPTED, done()))
}

/// Delete the account (password required). Audit rows about it remain.
#[utoipa::path(post, path = "/api/v1/me/delete", tag = "accounts", request_body = PasswordOnly,
    responses((status = 200, body = Done), (status = 401, body = Problem)))]
pub async fn delete_account(
    State(state): State<AppState>,
    SessionUser(auth): SessionUser,
    Meta(meta): Meta,
    ApiJson(b): ApiJson<PasswordOnly>,
) -> Result<axum::Json<Done>, Problem> {
    state
        .accounts
        .delete_account(&auth, b.password, &meta)
        .await?;
    Ok(done())
}

/// The caller's active sessions.
#[utoipa::path(get, path = "/api/v1/me/sessions", tag = "accounts",
    responses((status = 200, body = Vec<SessionView>), (status = 401, body = Problem)))]
pub async fn sessions(
    State(state): State<AppState>,
    SessionUser(auth): SessionUser,
) -> Result<axum::Json<Vec<SessionView>>, Problem> {
    let current = match auth.credential {
        Credential::Session { id } => Some(id),
        Credential::ApiKey { .. } => None,
    };
    let view = |s: Session| SessionView {
        current: Some(s.id) == current,
        id: s.id,
        created_at: s.created_at,
        last_seen_at: s.last_seen_at,
        expires_at: s.expires_at,
        ip: s.ip,
        user_agent: s.user_agent,
    };
    Ok(axum::Json(
        state
            .accounts
            .sessions(&auth)
            .await?
            .into_iter()
            .map(view)
            .collect(),
    ))
}

/// Log out every other session.
#[utoipa::path(post, path = "/api/v1/me/sessions/logout-others", tag = "accounts",
    responses((status = 200, body = Ended), (status = 401, body = Problem)))]
pub async fn logout_others(
    State(state): State<AppState>,
    SessionUser(auth): SessionUser,
    Meta(meta): Meta,
) -> Result<axum::Json<Ended>, Problem> {
    let ended = state.accounts.logout_others(&auth, &meta).await?;
    Ok(axum::Json(Ended { ended }))
}

/// End one of the caller's sessions.
#[utoipa::path(delete, path = "/api/v1/me/sessions/{id}", tag = "accounts", params(("id" = Uuid, Path)),
    responses((status = 200, body = Done), (status = 404, body = Problem)))]
pub async fn revoke_session(
    State(state): State<AppState>,
    SessionUser(auth): SessionUser,
    Meta(meta): Meta,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<Done>, Problem> {
    state.accounts.revoke_session(&auth, id, &meta).await?;
    Ok(done())
}

/// Start two-factor enrolment (password required).
#[utoipa::path(post, path = "/api/v1/me/totp", tag = "accounts", request_body = PasswordOnly,
    responses((status = 200, body = TotpSetup), (status = 401, body = Problem), (status = 409, body = Problem)))]
pub async fn totp_begin(
    State(state): State<AppState>,
    SessionUser(auth): SessionUser,
    Meta(meta): Meta,
    ApiJson(b): ApiJson<PasswordOnly>,
) -> Result<axum::Json<TotpSetup>, Problem> {
    let e = state.accounts.totp_begin(&auth, b.password, &meta).await?;
    Ok(axum::Json(TotpSetup {
        secret: e.secret,
        otpauth_uri: e.otpauth_uri,
    }))
}

/// Confirm enrolment with a code; answers ten recovery codes, once.
#[utoipa::path(post, path = "/api/v1/me/totp/confirm", tag = "accounts", request_body = TotpCode,
    responses((status = 200, body = RecoveryCodes), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn totp_confirm(
    State(state): State<AppState>,
    SessionUser(auth): SessionUser,
    Meta(meta): Meta,
    ApiJson(b): ApiJson<TotpCode>,
) -> Result<axum::Json<RecoveryCodes>, Problem> {
    let recovery_codes = state.accounts.totp_confirm(&auth, &b.code, &meta).await?;
    Ok(axum::Json(RecoveryCodes { recovery_codes }))
}

/// Turn two-factor off: the password and a current code (or an unused recovery code).
#[utoipa::path(post, path = "/api/v1/me/totp/disable", tag = "accounts", request_body = TotpDisable,
    responses((status = 200, body = Done), (status = 401, body = Problem)))]
pub async fn totp_disable(
    State(state): State<AppState>,
    SessionUser(auth): SessionUser,
    Meta(meta): Meta,
    ApiJson(b): ApiJson<TotpDisable>,
) -> Result<axum::Json<Done>, Problem> {
    state
        .accounts
        .totp_disable(&auth, b.password, &b.code, &meta)
        .await?;
    Ok(done())
}
