//! AI research notes on signals: `POST /api/v1/signals/{id}/research` asks for one (a job
//! writes it), `GET` reads it. A note is shared like its signal; asking for one that exists
//! costs nothing. Asking for a new one spends one note of the caller's daily allowance and,
//! when the job runs, the tokens the provider reports: both limits come from the plan
//! (`ai_notes_per_day`, `ai_tokens_per_day`), and each call's answer is capped by what is left
//! of the day's tokens. What the model writes is validated by `harbinger-ai` before it is
//! stored; a rejected answer leaves a failed note with a fixed reason, never its text.

use axum::Json;
use axum::extract::{Path, State};
use harbinger_store::{AiBudget, NewJob, NoteAsk, RESEARCH_JOB, ResearchNote};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::signals::{Reader, facts_of, one, rfc3339_ms};
use crate::extract::AuthUser;
use crate::{AppState, Problem};

const DAY_MS: i64 = 86_400_000;

/// Tries the job gets (timeouts, 429s and 5xx are retried with backoff).
const NOTE_ATTEMPTS: i32 = 4;

/// A source a claim rests on.
#[derive(Debug, Serialize, ToSchema)]
pub struct CitationOut {
    url: String,
    title: Option<String>,
}

/// A statement of the note, with its sources.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimOut {
    /// Plain text: render it as text, never as HTML or Markdown.
    text: String,
    sources: Vec<CitationOut>,
}

/// A validated research note. Plain text only; it carries no price, stop, target or
/// confidence (those are the signal's, computed by Harbinger's models).
#[derive(Debug, Serialize, ToSchema)]
pub struct NoteOut {
    summary: String,
    claims: Vec<ClaimOut>,
    citations: Vec<CitationOut>,
}

fn citation(c: harbinger_ai::Citation) -> CitationOut {
    CitationOut {
        url: c.url,
        title: c.title,
    }
}

impl NoteOut {
    /// The stored note, when it is ready.
    pub(crate) fn of(n: &ResearchNote) -> Option<Self> {
        let note: harbinger_ai::Note = serde_json::from_str(n.note.as_deref()?).ok()?;
        Some(Self {
            summary: note.summary,
            claims: note
                .claims
                .into_iter()
                .map(|c| ClaimOut {
                    text: c.text,
                    sources: c.sources.into_iter().map(citation).collect(),
                })
                .collect(),
            citations: note.citations.into_iter().map(citation).collect(),
        })
    }
}

/// A signal's research note and where it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResearchOut {
    signal_id: Uuid,
    /// `pending`, `ready` or `failed`.
    status: String,
    note: Option<NoteOut>,
    /// `local`, `perplexity` or `openai`.
    provider: Option<String>,
    model: Option<String>,
    /// Why the last attempt failed (`rejected`, `timeout`, `rate_limited` …); ask again to retry.
    error: Option<String>,
    /// Language-model tokens spent on this note.
    tokens: i64,
    requested_at: String,
    updated_at: String,
}

fn out(n: &ResearchNote) -> ResearchOut {
    ResearchOut {
        signal_id: n.signal_id,
        status: n.status.clone(),
        note: NoteOut::of(n),
        provider: n.provider.clone(),
        model: n.model.clone(),
        error: n.error.clone(),
        tokens: n.tokens,
        requested_at: rfc3339_ms(n.created_at),
        updated_at: rfc3339_ms(n.updated_at),
    }
}

fn location(id: Uuid) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/signals/{id}/research")) {
        headers.insert(header::LOCATION, v);
    }
    headers
}

/// Asks for the signal's research note. A new note is written by a job (202); an existing
/// one is returned as it is (200 when ready, 202 while pending) and costs nothing.
#[utoipa::path(post, path = "/api/v1/signals/{id}/research", tag = "signals",
    params(("id" = Uuid, Path, description = "The signal's id")),
    responses(
        (status = 200, description = "The note exists and is ready", body = ResearchOut),
        (status = 202, description = "The note is being written; poll the Location", body = ResearchOut),
        (status = 401, body = Problem),
        (status = 403, description = "The plan has no research notes, or the signal is sealed for it", body = Problem),
        (status = 404, body = Problem),
        (status = 429, description = "The day's notes or tokens are spent; Retry-After is the next UTC day", body = Problem),
    ))]
pub async fn ask(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    Path(id): Path<Uuid>,
) -> Result<(StatusCode, HeaderMap, Json<ResearchOut>), Problem> {
    let quota = state.accounts.settings().plan(auth.user.plan);
    if quota.ai_notes_per_day == 0 {
        return Err(Problem::plan_limit(
            &auth.user,
            format!(
                "the {} plan has no AI research notes; upgrade to Pro for 20 a day",
                auth.user.plan
            ),
        ));
    }
    let s = one(&state, id).await?;
    if !Reader::of(&state, &auth).sees(&s) {
        return Err(Problem::new(StatusCode::FORBIDDEN)
            .with_type("signal-sealed")
            .with_detail("this signal is sealed for your plan until its release time"));
    }
    let now = state.store.now_ms();
    let day = now.div_euclid(DAY_MS);
    let budget = AiBudget {
        notes_per_day: i64::from(quota.ai_notes_per_day),
        tokens_per_day: i64::from(quota.ai_tokens_per_day),
    };
    let usage = match state
        .store
        .ask_research_note(id, auth.user.id, day, budget)
        .await?
    {
        NoteAsk::Exists(n) => {
            let code = if n.status == "ready" {
                StatusCode::OK
            } else {
                StatusCode::ACCEPTED
            };
            return Ok((code, location(id), Json(out(&n))));
        }
        NoteAsk::OverBudget(used) => {
            let wait = (DAY_MS - now.rem_euclid(DAY_MS)).div_euclid(1_000).max(1);
            return Err(Problem::new(StatusCode::TOO_MANY_REQUESTS)
                .with_type("ai-budget")
                .with_detail(format!(
                    "today's research budget is spent ({} of {} notes, {} of {} tokens); it renews at 00:00 UTC",
                    used.notes, budget.notes_per_day, used.tokens, budget.tokens_per_day
                ))
                .with_retry_after(wait.unsigned_abs()));
        }
        NoteAsk::Created(usage) => usage,
    };
    let max_tokens = (budget.tokens_per_day - usage.tokens).clamp(1, i64::from(u32::MAX));
    let mut job = NewJob::new(
        RESEARCH_JOB,
        serde_json::json!({
            "signal_id": id,
            "user_id": auth.user.id,
            "day": day,
            "max_tokens": max_tokens,
            "facts": facts_of(&s),
        }),
    );
    job.unique_key = Some(format!("{RESEARCH_JOB}:{id}:{now}"));
    job.max_attempts = NOTE_ATTEMPTS;
    state.store.enqueue(&job).await?;
    let note = state
        .store
        .research_note(id)
        .await?
        .ok_or_else(Problem::internal)?;
    Ok((StatusCode::ACCEPTED, location(id), Json(out(&note))))
}

/// The signal's research note, in whatever state it is.
#[utoipa::path(get, path = "/api/v1/signals/{id}/research", tag = "signals",
    params(("id" = Uuid, Path, description = "The signal's id")),
    responses(
        (status = 200, body = ResearchOut),
        (status = 401, body = Problem),
        (status = 403, description = "Sealed for your plan until its release time", body = Problem),
        (status = 404, description = "No such signal, or nobody asked for its note yet", body = Problem),
    ))]
pub async fn get(
    State(state): State<AppState>,
    AuthUser(auth): AuthUser,
    Path(id): Path<Uuid>,
) -> Result<Json<ResearchOut>, Problem> {
    let s = one(&state, id).await?;
    if !Reader::of(&state, &auth).sees(&s) {
        return Err(Problem::new(StatusCode::FORBIDDEN)
            .with_type("signal-sealed")
            .with_detail("this signal is sealed for your plan until its release time"));
    }
    let note = state.store.research_note(id).await?.ok_or_else(|| {
        Problem::not_found("nobody asked for this signal's research note yet; POST to ask for it")
    })?;
    Ok(Json(out(&note)))
}
