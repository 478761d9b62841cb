//! API keys: create (shown once), list, revoke.

use axum::extract::{Path, State};
use harbinger_store::ApiKey;
use http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::auth::{Done, done};
use crate::extract::{ApiJson, Meta, SessionUser};
use crate::{AppState, Problem};

/// A key's scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Read,
    Write,
}

/// A name and the scopes (`["read"]` or `["read", "write"]`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewKey {
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    name: String,
    #[schema(min_items = 1, max_items = 2)]
    scopes: Vec<Scope>,
}

/// A key as listed: its prefix, never its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct KeyView {
    id: Uuid,
    name: String,
    /// The key's visible start, to recognise it.
    prefix: String,
    scopes: Vec<Scope>,
    created_at: i64,
    last_used_at: Option<i64>,
    revoked_at: Option<i64>,
}

/// A new key: `key` is shown this once and cannot be retrieved again.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedKey {
    id: Uuid,
    key: String,
    #[serde(flatten)]
    view: KeyView,
}

fn view(k: ApiKey) -> KeyView {
    let scopes = if k.can_write() {
        vec![Scope::Read, Scope::Write]
    } else {
        vec![Scope::Read]
    };
    KeyView {
        id: k.id,
        name: k.name,
        prefix: k.prefix,
        scopes,
        created_at: k.created_at,
        last_used_at: k.last_used_at,
        revoked_at: k.revoked_at,
    }
}

/// Create an API key. The plan caps how many live keys a user holds.
#[utoipa::path(post, path = "/api/v1/api-keys", tag = "api-keys", request_body = NewKey,
    responses((status = 201, body = CreatedKey), (status = 400, body = Problem), (status = 403, description = "The plan allows no more keys", body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    SessionUser(auth): SessionUser,
    Meta(meta): Meta,
    ApiJson(b): ApiJson<NewKey>,
) -> Result<(StatusCode, axum::Json<CreatedKey>), Problem> {
    let name = b.name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(Problem::new(StatusCode::UNPROCESSABLE_ENTITY)
            .with_detail("name: 1 to 100 printable characters"));
    }
    if b.scopes.is_empty() || b.scopes.len() > 2 {
        return Err(Problem::bad_request(
            "scopes: [\"read\"] or [\"read\", \"write\"]",
        ));
    }
    let write = b.scopes.contains(&Scope::Write);
    let (k, key) = state
        .accounts
        .create_api_key(&auth, name, write, &meta)
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(CreatedKey {
            id: k.id,
            key,
            view: view(k),
        }),
    ))
}

/// The caller's keys, revoked ones included.
#[utoipa::path(get, path = "/api/v1/api-keys", tag = "api-keys",
    responses((status = 200, body = Vec<KeyView>), (status = 401, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    SessionUser(auth): SessionUser,
) -> Result<axum::Json<Vec<KeyView>>, Problem> {
    Ok(axum::Json(
        state
            .accounts
            .api_keys(&auth)
            .await?
            .into_iter()
            .map(view)
            .collect(),
    ))
}

/// Revoke a key; the next request with it gets 401.
#[utoipa::path(delete, path = "/api/v1/api-keys/{id}", tag = "api-keys", params(("id" = Uuid, Path)),
    responses((status = 200, body = Done), (status = 404, body = Problem)))]
pub async fn revoke(
    State(state): State<AppState>,
    SessionUser(auth): SessionUser,
    Meta(meta): Meta,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<Done>, Problem> {
    state.accounts.revoke_api_key(&auth, id, &meta).await?;
    Ok(done())
}
