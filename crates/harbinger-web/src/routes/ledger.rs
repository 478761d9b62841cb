//! The public signal ledger: every entry, the signed checkpoints and the key to check them.

use axum::Json;
use axum::extract::{Query, State};
use harbinger_ledger::Checkpoint;
use harbinger_store::PublishedEntry;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::extract::MaybeAuthUser;
use crate::{AppState, Problem};

/// Entries released by this time are shown in full: now for the public and delayed plans;
/// every entry for a signed-in caller whose plan sees signals in real time.
fn reveal_until(state: &AppState, caller: Option<&harbinger_auth::Authenticated>) -> i64 {
    let real_time = caller.is_some_and(|c| {
        state
            .accounts
            .settings()
            .plan(c.user.plan)
            .signal_delay_hours
            == 0
    });
    if real_time {
        i64::MAX
    } else {
        state.store.clock().now_ms()
    }
}

/// Most entries one request returns.
const MAX_ENTRIES: i64 = 5_000;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LedgerParams {
    /// Entries after this seq (default 0: from the start).
    #[param(minimum = 0)]
    after_seq: Option<i64>,
    /// At most this many entries (default and maximum 5000).
    #[param(minimum = 1, maximum = 5000)]
    limit: Option<i64>,
}

/// A page of the ledger. Saved whole (from `after_seq=0` to the head), it is what
/// `harbinger ledger verify --file` checks.
#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerPage {
    /// Entries in seq order; `entry` is the canonical JSON text that was hashed. An entry not
    /// yet released to the free tier is `sealed`: only its seq, id, kind, times and hashes.
    #[schema(value_type = Vec<Object>)]
    entries: Vec<PublishedEntry>,
    /// Every signed checkpoint (seq, head hash, time, Ed25519 signature).
    #[schema(value_type = Vec<Object>)]
    checkpoints: Vec<Checkpoint>,
    /// The checkpoint key's public half, hex.
    public_key: Option<String>,
    /// The seq to ask for next (`after_seq`), absent at the head.
    next_after_seq: Option<i64>,
}

/// The chain's head.
#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerHead {
    seq: i64,
    /// SHA-256 of the last entry, hex (64 zeros while empty).
    hash: String,
    public_key: Option<String>,
    /// The newest signed checkpoint.
    #[schema(value_type = Option<Object>)]
    checkpoint: Option<Checkpoint>,
}

/// Signal ledger entries, oldest first, with the signed checkpoints. Public: entries still
/// within the free tier's delay show only their hashes (commit-reveal), except to a signed-in
/// caller whose plan sees signals in real time.
#[utoipa::path(get, path = "/api/v1/ledger", tag = "ledger", params(LedgerParams),
    responses((status = 200, body = LedgerPage), (status = 400, body = Problem)))]
pub async fn entries(
    State(state): State<AppState>,
    MaybeAuthUser(caller): MaybeAuthUser,
    Query(p): Query<LedgerParams>,
) -> Result<Json<LedgerPage>, Problem> {
    let after = p.after_seq.unwrap_or(0);
    if after < 0 {
        return Err(Problem::bad_request("after_seq must be 0 or more"));
    }
    let limit = p.limit.unwrap_or(MAX_ENTRIES);
    if !(1..=MAX_ENTRIES).contains(&limit) {
        return Err(Problem::bad_request(format!(
            "limit must be between 1 and {MAX_ENTRIES}"
        )));
    }
    let rows = state.store.ledger_rows(after, limit).await?;
    let (head, _) = state.store.ledger_head().await?;
    let next_after_seq = rows.last().map(|r| r.seq).filter(|&s| s < head);
    let now = reveal_until(&state, caller.as_ref());
    let entries = rows.iter().map(|r| r.published(now)).collect();
    Ok(Json(LedgerPage {
        entries,
        checkpoints: state.store.ledger_checkpoints().await?,
        public_key: state.ledger_key.clone(),
        next_after_seq,
    }))
}

/// The ledger's head and its newest signed checkpoint. Public.
#[utoipa::path(get, path = "/api/v1/ledger/head", tag = "ledger",
    responses((status = 200, body = LedgerHead)))]
pub async fn head(State(state): State<AppState>) -> Result<Json<LedgerHead>, Problem> {
    let (seq, hash) = state.store.ledger_head().await?;
    let checkpoint = state.store.ledger_checkpoints().await?.pop();
    Ok(Json(LedgerHead {
        seq,
        hash: hex::encode(hash),
        public_key: state.ledger_key.clone(),
        checkpoint,
    }))
}

/// Rows read per page while streaming the full export.
const EXPORT_PAGE: i64 = 2_000;

/// The whole ledger as one JSON document, `{entries, checkpoints, public_key}`, streamed page by
/// page (never built whole in memory). Save it and run `harbinger ledger verify --file` on it.
/// Public; entries still within the free tier's delay are sealed as in `GET /api/v1/ledger`.
#[utoipa::path(get, path = "/api/v1/export/ledger.json", tag = "ledger",
    responses((status = 200, description = "The full ledger, as a download", content_type = "application/json")))]
pub async fn export(
    State(state): State<AppState>,
    MaybeAuthUser(caller): MaybeAuthUser,
) -> Result<axum::response::Response, Problem> {
    use axum::response::IntoResponse as _;
    use futures::StreamExt as _;

    // Everything up to the head as it is now; entries appended meanwhile wait for the next
    // export (the checkpoints are read first, so each one names a row this file holds).
    let checkpoints = state.store.ledger_checkpoints().await?;
    let (head, _) = state.store.ledger_head().await?;
    let now = reveal_until(&state, caller.as_ref());
    let tail = serde_json::json!({"checkpoints": checkpoints, "public_key": state.ledger_key});
    let tail = format!("],{}", &tail.to_string()[1..]);
    let store = state.store.clone();
    let pages = futures::stream::unfold(Some(0_i64), move |after| {
        let store = store.clone();
        async move {
            let after = after?;
            if after >= head {
                return None;
            }
            match store
                .ledger_rows(after, EXPORT_PAGE.min(head - after))
                .await
            {
                Ok(rows) if rows.is_empty() => None,
                Ok(rows) => {
                    let next = rows.last().map(|r| r.seq);
                    let mut chunk = String::with_capacity(rows.len() * 700);
                    for (i, r) in rows.iter().enumerate() {
                        if after > 0 || i > 0 {
                            chunk.push(',');
                        }
                        chunk.push_str(
                            &serde_json::to_string(&r.published(now)).unwrap_or_default(),
                        );
                    }
                    Some((Ok::<_, std::io::Error>(chunk), next))
                }
                Err(e) => {
                    tracing::error!(error = %e, "ledger export failed");
                    Some((Err(std::io::Error::other("ledger export failed")), None))
                }
            }
        }
    });
    let body = futures::stream::once(std::future::ready(Ok("{\"entries\":[".to_owned())))
        .chain(pages)
        .chain(futures::stream::once(std::future::ready(Ok(tail))));
    let mut res = axum::body::Body::from_stream(body).into_response();
    let headers = res.headers_mut();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    headers.insert(
        http::header::CONTENT_DISPOSITION,
        http::HeaderValue::from_static("attachment; filename=\"harbinger-ledger.json\""),
    );
    Ok(res)
}
