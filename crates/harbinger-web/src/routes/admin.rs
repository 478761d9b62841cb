//! Operator routes (role `admin`): users, plans, the audit log, the dev mailbox, jobs.

use axum::extract::{Path, Query, State};
use harbinger_core::Plan;
use harbinger_store::{AuditQuery, AuditRow, DevMail, Role};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::auth::{Done, done};
use super::me::MeView;
use crate::extract::{AdminUser, ApiJson, Meta};
use crate::{AppState, Problem};

/// Largest page any admin listing returns.
const MAX_PAGE: i64 = 100;

/// Paging for the user list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UsersPage {
    /// Users created after this id.
    after: Option<Uuid>,
    /// 1 to 100 (default 50).
    limit: Option<i64>,
}

/// Audit-log filters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditFilter {
    /// Rows after this seq (default 0).
    after_seq: Option<i64>,
    /// 1 to 100 (default 50).
    limit: Option<i64>,
    action: Option<String>,
    actor_id: Option<String>,
    target_id: Option<String>,
}

/// A role.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleBody {
    /// `user` or `admin`.
    #[schema(value_type = String)]
    role: Role,
}

/// A plan.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanBody {
    /// `free`, `pro` or `quant`.
    #[schema(value_type = String)]
    plan: Plan,
}

/// Disabled or not.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisabledBody {
    disabled: bool,
}

/// Dev-mailbox filter.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct MailFilter {
    to: Option<String>,
    limit: Option<i64>,
}

/// Job counts by status.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobsView {
    queued: i64,
    running: i64,
    done: i64,
    dead: i64,
}

fn page(limit: Option<i64>) -> Result<i64, Problem> {
    match limit.unwrap_or(50) {
        n @ 1..=MAX_PAGE => Ok(n),
        _ => Err(Problem::bad_request(format!(
            "limit must be between 1 and {MAX_PAGE}"
        ))),
    }
}

/// Every account, by creation.
#[utoipa::path(get, path = "/api/v1/admin/users", tag = "admin", params(UsersPage),
    responses((status = 200, body = Vec<MeView>), (status = 403, body = Problem)))]
pub async fn users(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
    Query(q): Query<UsersPage>,
) -> Result<axum::Json<Vec<MeView>>, Problem> {
    let list = state.store.list_users(q.after, page(q.limit)?).await?;
    let s = state.accounts.settings();
    Ok(axum::Json(list.iter().map(|u| MeView::of(u, s)).collect()))
}

async fn change(
    state: &AppState,
    admin: &harbinger_auth::Authenticated,
    meta: &harbinger_auth::RequestMeta,
    id: Uuid,
    what: Change,
) -> Result<axum::Json<Done>, Problem> {
    let (action, meta_json) = match what {
        Change::Role(r) => ("authz_role_change", serde_json::json!({"role": r.as_str()})),
        Change::Plan(p) => ("plan_change", serde_json::json!({"plan": p.as_str()})),
        Change::Disabled(d) => (
            if d { "user_disabled" } else { "user_enabled" },
            serde_json::json!({}),
        ),
    };
    let ev = state
        .accounts
        .event(meta, Some(admin), action)
        .target("user", id)
        .meta(meta_json);
    let found = match what {
        Change::Role(r) => state.store.set_role(id, r, &ev).await?,
        Change::Plan(p) => state.store.set_plan(id, p, &ev).await?,
        Change::Disabled(d) => state.store.set_disabled(id, d, &ev).await?,
    };
    if found {
        Ok(done())
    } else {
        Err(Problem::not_found("no such user"))
    }
}

#[derive(Clone, Copy)]
enum Change {
    Role(Role),
    Plan(Plan),
    Disabled(bool),
}

/// Set a user's role.
#[utoipa::path(put, path = "/api/v1/admin/users/{id}/role", tag = "admin", params(("id" = Uuid, Path)), request_body = RoleBody,
    responses((status = 200, body = Done), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn set_role(
    State(state): State<AppState>,
    AdminUser(a): AdminUser,
    Meta(m): Meta,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<RoleBody>,
) -> Result<axum::Json<Done>, Problem> {
    change(&state, &a, &m, id, Change::Role(b.role)).await
}

/// Set a user's plan by hand (billing sets it from Stripe later).
#[utoipa::path(put, path = "/api/v1/admin/users/{id}/plan", tag = "admin", params(("id" = Uuid, Path)), request_body = PlanBody,
    responses((status = 200, body = Done), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn set_plan(
    State(state): State<AppState>,
    AdminUser(a): AdminUser,
    Meta(m): Meta,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<PlanBody>,
) -> Result<axum::Json<Done>, Problem> {
    change(&state, &a, &m, id, Change::Plan(b.plan)).await
}

/// Disable (ending every session) or re-enable an account.
#[utoipa::path(put, path = "/api/v1/admin/users/{id}/disabled", tag = "admin", params(("id" = Uuid, Path)), request_body = DisabledBody,
    responses((status = 200, body = Done), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn set_disabled(
    State(state): State<AppState>,
    AdminUser(a): AdminUser,
    Meta(m): Meta,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<DisabledBody>,
) -> Result<axum::Json<Done>, Problem> {
    change(&state, &a, &m, id, Change::Disabled(b.disabled)).await
}

/// The audit log, oldest first, filtered.
#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "admin", params(AuditFilter),
    responses((status = 200, body = Vec<Object>), (status = 403, body = Problem)))]
pub async fn audit(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
    Query(f): Query<AuditFilter>,
) -> Result<axum::Json<Vec<AuditRow>>, Problem> {
    let q = AuditQuery {
        after_seq: f.after_seq.unwrap_or(0).max(0),
        limit: page(f.limit)?,
        action: f.action,
        actor_id: f.actor_id,
        target_id: f.target_id,
    };
    Ok(axum::Json(state.store.audit_rows(&q).await?))
}

/// Whether the audit log's hash chain and signed checkpoints are intact.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditVerification {
    intact: bool,
    /// Rows checked (when intact).
    rows: Option<u64>,
    /// Signed checkpoints whose signature and hash matched (when intact).
    checkpoints: Option<u64>,
    /// Seq of the last row (when intact).
    head_seq: Option<i64>,
    /// The first bad seq and what is wrong there (when broken), as `harbinger audit verify`
    /// says it.
    first_bad_seq: Option<i64>,
    problem: Option<String>,
    /// Whether checkpoint signatures were checked (the server has the public key).
    signatures_checked: bool,
}

/// Verify the audit log: recompute its whole hash chain and check the signed checkpoints,
/// as `harbinger audit verify` does.
#[utoipa::path(get, path = "/api/v1/admin/audit/verify", tag = "admin",
    responses((status = 200, body = AuditVerification), (status = 403, body = Problem)))]
pub async fn audit_verify(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
) -> Result<axum::Json<AuditVerification>, Problem> {
    let key = state
        .ledger_key
        .as_deref()
        .and_then(harbinger_ledger::CheckpointVerifier::from_public_hex);
    let outcome = state.store.verify_audit_log(key.as_ref()).await?;
    let signatures_checked = key.is_some();
    Ok(axum::Json(match outcome {
        Ok(v) => AuditVerification {
            intact: true,
            rows: Some(v.rows),
            checkpoints: Some(v.checkpoints),
            head_seq: Some(v.head_seq),
            first_bad_seq: None,
            problem: None,
            signatures_checked,
        },
        Err(b) => AuditVerification {
            intact: false,
            rows: None,
            checkpoints: None,
            head_seq: None,
            first_bad_seq: Some(b.seq()),
            problem: Some(b.to_string()),
            signatures_checked,
        },
    }))
}

/// Mail kept by the dev mailbox (development without SMTP), newest first; the tokens in its
/// links are masked unless `smtp.dev_mailbox_show_links` is on.
#[utoipa::path(get, path = "/api/v1/admin/mailbox", tag = "admin", params(MailFilter),
    responses((status = 200, body = Vec<Object>), (status = 403, body = Problem),
        (status = 404, description = "Mail is sent over SMTP: there is no dev mailbox", body = Problem)))]
pub async fn mailbox(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
    Query(f): Query<MailFilter>,
) -> Result<axum::Json<Vec<DevMail>>, Problem> {
    let to = f.to.map(|t| t.trim().to_lowercase());
    match state
        .accounts
        .dev_mailbox(to.as_deref(), page(f.limit)?)
        .await?
    {
        Some(mails) => Ok(axum::Json(mails)),
        None => Err(Problem::not_found(
            "there is no dev mailbox: mail is sent over SMTP",
        )),
    }
}

/// Background jobs by status.
#[utoipa::path(get, path = "/api/v1/admin/jobs", tag = "admin",
    responses((status = 200, body = JobsView), (status = 403, body = Problem)))]
pub async fn jobs(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
) -> Result<axum::Json<JobsView>, Problem> {
    let c = state.store.job_counts().await?;
    Ok(axum::Json(JobsView {
        queued: c.queued,
        running: c.running,
        done: c.done,
        dead: c.dead,
    }))
}

/// Market-data providers in fallback order: breaker state, last success, error counts.
#[utoipa::path(get, path = "/api/v1/admin/providers", tag = "admin",
    responses((status = 200, description = "Provider health", body = [crate::ProviderStatus]), (status = 403, body = Problem)))]
pub async fn providers(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
) -> axum::Json<Vec<crate::ProviderStatus>> {
    axum::Json(state.providers.as_ref().map(|f| f()).unwrap_or_default())
}
