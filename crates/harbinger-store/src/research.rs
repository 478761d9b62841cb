//! AI research notes and the per-user budget that pays for them.
//!
//! A request reserves one note of the user's daily allowance in the transaction that creates
//! the pending note, with a conditional update that also refuses a user whose tokens for the
//! day are spent, so concurrent requests can never overdraw it. The job that writes the note
//! charges the tokens the provider reports, whether the answer was kept or rejected.

use serde::Serialize;
use uuid::Uuid;

use crate::{Store, StoreError};

/// The job kind that writes one research note.
pub const RESEARCH_JOB: &str = "research_note";

/// A signal's research note, in whatever state it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ResearchNote {
    pub signal_id: Uuid,
    /// `pending`, `ready` or `failed`.
    pub status: String,
    pub requested_by: Option<Uuid>,
    pub provider: Option<String>,
    pub model: Option<String>,
    /// The validated note as JSON (only when `ready`).
    pub note: Option<String>,
    /// Why it failed, in fixed words (never the model's text).
    pub error: Option<String>,
    pub tokens: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What one user may spend per UTC day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AiBudget {
    pub notes_per_day: i64,
    pub tokens_per_day: i64,
}

/// A user's spending on one UTC day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct AiUsage {
    pub notes: i64,
    pub tokens: i64,
}

/// What asking for a note did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteAsk {
    /// A pending note was created and one note of the budget reserved; the usage includes it.
    Created(AiUsage),
    /// The signal already has a note, pending or ready: nothing was charged.
    Exists(ResearchNote),
    /// The day's notes or tokens are spent.
    OverBudget(AiUsage),
}

/// How a note attempt ended.
#[derive(Debug, Clone)]
pub enum NoteResult {
    Ready {
        provider: String,
        model: String,
        note: String,
    },
    Failed {
        error: String,
    },
}

const SELECT_NOTE: &str = "SELECT signal_id, status, requested_by, provider, model, note, error, \
     tokens, created_at, updated_at FROM research_notes WHERE signal_id = $1";

/// Adds `$3` tokens to user `$1`'s day `$2`.
const CHARGE_TOKENS: &str = "INSERT INTO ai_usage (user_id, day, notes, tokens) VALUES ($1, $2, 0, $3) \
     ON CONFLICT (user_id, day) DO UPDATE SET tokens = ai_usage.tokens + excluded.tokens";

impl Store {
    pub async fn research_note(&self, signal: Uuid) -> Result<Option<ResearchNote>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(SELECT_NOTE)
                .bind(signal)
                .fetch_optional(pool)
                .await?
        }))
    }

    pub async fn ai_usage(&self, user: Uuid, day: i64) -> Result<AiUsage, StoreError> {
        let row: Option<AiUsage> = db_run!(self, pool => {
            sqlx::query_as("SELECT notes, tokens FROM ai_usage WHERE user_id = $1 AND day = $2")
                .bind(user)
                .bind(day)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.unwrap_or_default())
    }

    /// Asks for `signal`'s note on behalf of `user`: creates it pending (or restarts a failed
    /// one) and reserves one note of the user's `day`, in one transaction.
    pub async fn ask_research_note(
        &self,
        signal: Uuid,
        user: Uuid,
        day: i64,
        budget: AiBudget,
    ) -> Result<NoteAsk, StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            let created = sqlx::query(
                "INSERT INTO research_notes (signal_id, status, requested_by, created_at, updated_at) \
                 VALUES ($1, 'pending', $2, $3, $3) ON CONFLICT (signal_id) DO NOTHING",
            )
            .bind(signal)
            .bind(user)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if created == 0 {
                let restarted = sqlx::query(
                    "UPDATE research_notes SET status = 'pending', requested_by = $1, error = NULL, \
                     updated_at = $2 WHERE signal_id = $3 AND status = 'failed'",
                )
                .bind(user)
                .bind(now)
                .bind(signal)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if restarted == 0 {
                    let existing: ResearchNote = sqlx::query_as(SELECT_NOTE)
                    .bind(signal)
                    .fetch_one(&mut *tx)
                    .await?;
                    tx.rollback().await?;
                    return Ok(NoteAsk::Exists(existing));
                }
            }
            sqlx::query(
                "INSERT INTO ai_usage (user_id, day, notes, tokens) VALUES ($1, $2, 0, 0) \
                 ON CONFLICT (user_id, day) DO NOTHING",
            )
            .bind(user)
            .bind(day)
            .execute(&mut *tx)
            .await?;
            let usage: Option<AiUsage> = sqlx::query_as(
                "UPDATE ai_usage SET notes = notes + 1 WHERE user_id = $1 AND day = $2 \
                 AND notes < $3 AND tokens < $4 RETURNING notes, tokens",
            )
            .bind(user)
            .bind(day)
            .bind(budget.notes_per_day)
            .bind(budget.tokens_per_day)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(usage) = usage else {
                let spent: AiUsage = sqlx::query_as(
                    "SELECT notes, tokens FROM ai_usage WHERE user_id = $1 AND day = $2",
                )
                .bind(user)
                .bind(day)
                .fetch_one(&mut *tx)
                .await?;
                tx.rollback().await?;
                return Ok(NoteAsk::OverBudget(spent));
            };
            tx.commit().await?;
            Ok(NoteAsk::Created(usage))
        })
    }

    /// Charges `tokens` to `user`'s `day` (an attempt that will be retried still cost them).
    pub async fn charge_ai_tokens(
        &self,
        user: Uuid,
        day: i64,
        tokens: i64,
    ) -> Result<(), StoreError> {
        db_run!(self, pool => {
            sqlx::query(
                CHARGE_TOKENS,
            )
            .bind(user)
            .bind(day)
            .bind(tokens)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Ends a pending note as ready or failed and charges its tokens, in one transaction.
    /// False when the note was not pending (another worker finished it).
    pub async fn finish_research_note(
        &self,
        signal: Uuid,
        user: Uuid,
        day: i64,
        result: &NoteResult,
        tokens: i64,
    ) -> Result<bool, StoreError> {
        let now = self.now_ms();
        let (status, provider, model, note, error) = match result {
            NoteResult::Ready {
                provider,
                model,
                note,
            } => (
                "ready",
                Some(provider.as_str()),
                Some(model.as_str()),
                Some(note.as_str()),
                None,
            ),
            NoteResult::Failed { error } => ("failed", None, None, None, Some(error.as_str())),
        };
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(
                "UPDATE research_notes SET status = $1, provider = $2, model = $3, note = $4, \
                 error = $5, tokens = tokens + $6, updated_at = $7 \
                 WHERE signal_id = $8 AND status = 'pending'",
            )
            .bind(status)
            .bind(provider)
            .bind(model)
            .bind(note)
            .bind(error)
            .bind(tokens)
            .bind(now)
            .bind(signal)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            sqlx::query(
                CHARGE_TOKENS,
            )
            .bind(user)
            .bind(day)
            .bind(tokens)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(true)
        })
    }
}
