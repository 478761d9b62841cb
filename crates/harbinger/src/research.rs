//! The `research_note` job: writes one signal's AI research note with the configured
//! researcher (`ai.provider`: `local` needs no network; `perplexity` or any OpenAI-compatible
//! server), stores it only once `harbinger-ai` has validated it, and charges the tokens the
//! provider reports to the user who asked, kept or not. Timeouts, 429s and 5xx answers are
//! retried with the runner's backoff; anything else, or the last attempt, leaves a failed note
//! whose reason is a fixed word, never the model's text (RELIABILITY S23, F5).

use std::sync::Arc;

use harbinger_ai::{AiSettings, NoteRequest, ProviderKind, Researcher, SignalFacts};
use harbinger_jobs::{JobError, Runner};
use harbinger_store::{NoteResult, RESEARCH_JOB, Store};
use serde::Deserialize;
use uuid::Uuid;

use crate::config::Config;

/// The researcher's settings from configuration.
pub fn settings(config: &Config) -> AiSettings {
    let ai = &config.ai;
    let key = ai
        .api_key
        .as_ref()
        .map(|k| secrecy::SecretString::from(k.expose().to_owned()));
    let mut s = match ai.provider.as_str() {
        "perplexity" => AiSettings::perplexity(key.unwrap_or_default()),
        "openai" => AiSettings::openai(
            ai.base_url.clone().unwrap_or_default(),
            key,
            harbinger_ai::OPENAI_MODEL,
        ),
        _ => AiSettings::default(),
    };
    if s.kind != ProviderKind::Local {
        if let Some(url) = &ai.base_url {
            s.base_url.clone_from(url);
        }
        if let Some(model) = &ai.model {
            s.model.clone_from(model);
        }
    }
    s
}

#[derive(Deserialize)]
struct Payload {
    signal_id: Uuid,
    user_id: Uuid,
    day: i64,
    max_tokens: u32,
    facts: SignalFacts,
}

fn retry(e: &harbinger_store::StoreError) -> JobError {
    JobError::Retry(e.to_string())
}

/// Registers the job with `researcher`.
pub fn register(runner: Runner, researcher: Researcher) -> Runner {
    let researcher = Arc::new(researcher);
    let store = runner.store().clone();
    runner.handle(RESEARCH_JOB, move |job| {
        let store = store.clone();
        let researcher = researcher.clone();
        async move {
            let p: Payload = serde_json::from_value(job.payload.clone())
                .map_err(|e| JobError::Permanent(format!("research payload: {e}")))?;
            let last = job.attempts >= job.max_attempts;
            write_note(&store, &researcher, &p, last).await
        }
    })
}

async fn write_note(
    store: &Store,
    researcher: &Researcher,
    p: &Payload,
    last_attempt: bool,
) -> Result<(), JobError> {
    let request = NoteRequest::new(p.facts.clone()).with_max_tokens(p.max_tokens);
    let (result, tokens) = match researcher.note(&request).await {
        Ok(note) => {
            let tokens = i64::from(note.usage.total_tokens);
            let text =
                serde_json::to_string(&note).map_err(|e| JobError::Permanent(e.to_string()))?;
            (
                NoteResult::Ready {
                    provider: note.provider.clone(),
                    model: note.model.clone(),
                    note: text,
                },
                tokens,
            )
        }
        Err(e) => {
            let tokens = i64::from(e.usage().map_or(0, |u| u.total_tokens));
            metrics::counter!("harbinger_ai_notes_total", "outcome" => e.reason()).increment(1);
            metrics::counter!("harbinger_ai_tokens_total").increment(tokens.unsigned_abs());
            if e.is_retryable() && !last_attempt {
                store
                    .charge_ai_tokens(p.user_id, p.day, tokens)
                    .await
                    .map_err(|e| retry(&e))?;
                return Err(JobError::Retry(format!("research note: {}", e.reason())));
            }
            tracing::warn!(signal = %p.signal_id, reason = e.reason(), "research note failed");
            (
                NoteResult::Failed {
                    error: e.reason().to_owned(),
                },
                tokens,
            )
        }
    };
    if matches!(result, NoteResult::Ready { .. }) {
        metrics::counter!("harbinger_ai_notes_total", "outcome" => "ready").increment(1);
        metrics::counter!("harbinger_ai_tokens_total").increment(tokens.unsigned_abs());
    }
    store
        .finish_research_note(p.signal_id, p.user_id, p.day, &result, tokens)
        .await
        .map_err(|e| retry(&e))?;
    Ok(())
}
