//! Backtests run on request: each is a row (request, progress, report) and a job that runs it.
//! The row and its job are written in one transaction, so a request is never half accepted.

use serde::Serialize;
use uuid::Uuid;

use crate::{Store, StoreError};

/// The job kind that runs a backtest; its payload is `{"id": "<backtest id>"}`.
pub const BACKTEST_JOB: &str = "backtest";

/// Where a backtest stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BacktestStatus {
    Queued,
    Running,
    Done,
    Failed,
}

impl BacktestStatus {
    fn parse(s: &str) -> Result<Self, StoreError> {
        Ok(match s {
            "queued" => Self::Queued,
            "running" => Self::Running,
            "done" => Self::Done,
            "failed" => Self::Failed,
            other => return Err(StoreError::Corrupt(format!("backtest status {other:?}"))),
        })
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
        }
    }

    /// Done or failed: nothing will change any more.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Done | Self::Failed)
    }
}

/// A stored backtest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestRun {
    pub id: Uuid,
    pub user_id: Uuid,
    pub status: BacktestStatus,
    /// The request as accepted (already validated by the caller).
    pub request: serde_json::Value,
    /// Symbols finished so far, of `total`.
    pub done: i64,
    pub total: i64,
    /// The report, once done.
    pub result: Option<serde_json::Value>,
    /// Why it failed, in words for the user.
    pub error: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub finished_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    user_id: Uuid,
    status: String,
    request: String,
    done: i64,
    total: i64,
    result: Option<String>,
    error: Option<String>,
    created_at: i64,
    updated_at: i64,
    finished_at: Option<i64>,
}

impl TryFrom<Row> for BacktestRun {
    type Error = StoreError;

    fn try_from(r: Row) -> Result<Self, StoreError> {
        let json = |what: &str, text: &str| {
            serde_json::from_str(text)
                .map_err(|e| StoreError::Corrupt(format!("backtest {} {what}: {e}", r.id)))
        };
        Ok(Self {
            status: BacktestStatus::parse(&r.status)?,
            request: json("request", &r.request)?,
            result: r.result.as_deref().map(|t| json("result", t)).transpose()?,
            id: r.id,
            user_id: r.user_id,
            done: r.done,
            total: r.total,
            error: r.error,
            created_at: r.created_at,
            updated_at: r.updated_at,
            finished_at: r.finished_at,
        })
    }
}

impl Store {
    /// Accepts a backtest of `total` symbols for `user_id` and enqueues the job that runs it,
    /// in one transaction. `Ok(None)` when the user already has `max_pending` backtests queued
    /// or running (checked in the same transaction).
    pub async fn create_backtest(
        &self,
        user_id: Uuid,
        request: &serde_json::Value,
        total: i64,
        max_pending: i64,
    ) -> Result<Option<BacktestRun>, StoreError> {
        let now = self.now_ms();
        let id = Uuid::now_v7();
        let request_text = request.to_string();
        let payload = serde_json::json!({ "id": id }).to_string();
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            // Insert first (takes SQLite's write lock), then count including the new one.
            sqlx::query(
                "INSERT INTO backtests (id, user_id, status, request, done, total, created_at, updated_at) \
                 VALUES ($1, $2, 'queued', $3, 0, $4, $5, $5)",
            )
            .bind(id).bind(user_id).bind(&request_text).bind(total).bind(now)
            .execute(&mut *tx).await?;
            let pending: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM backtests WHERE user_id = $1 AND status IN ('queued', 'running')",
            )
            .bind(user_id).fetch_one(&mut *tx).await?;
            if pending > max_pending {
                return Ok(None);
            }
            sqlx::query(
                "INSERT INTO jobs (id, kind, payload, status, attempts, max_attempts, run_at, unique_key, created_at, updated_at) \
                 VALUES ($1, $2, $3, 'queued', 0, 2, $4, $5, $4, $4)",
            )
            .bind(Uuid::now_v7()).bind(BACKTEST_JOB).bind(&payload).bind(now)
            .bind(format!("backtest:{id}"))
            .execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(Some(BacktestRun {
            id,
            user_id,
            status: BacktestStatus::Queued,
            request: request.clone(),
            done: 0,
            total,
            result: None,
            error: None,
            created_at: now,
            updated_at: now,
            finished_at: None,
        }))
    }

    /// One backtest; with `owner`, only if that user owns it (anyone else sees nothing).
    pub async fn backtest(
        &self,
        id: Uuid,
        owner: Option<Uuid>,
    ) -> Result<Option<BacktestRun>, StoreError> {
        let row: Option<Row> = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT id, user_id, status, request, done, total, result, error, created_at, \
                 updated_at, finished_at FROM backtests WHERE id = $1 AND ($2 IS NULL OR user_id = $2)",
            )
            .bind(id).bind(owner)
            .fetch_optional(pool).await?
        });
        row.map(BacktestRun::try_from).transpose()
    }

    /// A user's backtests, newest first, without their reports (they can be large).
    pub async fn backtests_of(
        &self,
        user_id: Uuid,
        limit: i64,
    ) -> Result<Vec<BacktestRun>, StoreError> {
        let rows: Vec<Row> = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT id, user_id, status, request, done, total, NULL AS result, error, \
                 created_at, updated_at, finished_at FROM backtests \
                 WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
            )
            .bind(user_id).bind(limit)
            .fetch_all(pool).await?
        });
        rows.into_iter().map(BacktestRun::try_from).collect()
    }

    /// Marks a backtest running (again, when a worker died and its job was retried) with no
    /// progress; `false` when it is already final or gone.
    pub async fn start_backtest(&self, id: Uuid) -> Result<bool, StoreError> {
        let now = self.now_ms();
        let n = db_run!(self, pool => {
            sqlx::query(
                "UPDATE backtests SET status = 'running', done = 0, updated_at = $2 \
                 WHERE id = $1 AND status IN ('queued', 'running')",
            )
            .bind(id).bind(now)
            .execute(pool).await?.rows_affected()
        });
        Ok(n == 1)
    }

    /// Records how many symbols are finished.
    pub async fn backtest_progress(&self, id: Uuid, done: i64) -> Result<(), StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            sqlx::query(
                "UPDATE backtests SET done = $2, updated_at = $3 WHERE id = $1 AND status = 'running'",
            )
            .bind(id).bind(done).bind(now)
            .execute(pool).await?;
        });
        Ok(())
    }

    /// Stores the report of a finished backtest.
    pub async fn finish_backtest(
        &self,
        id: Uuid,
        result: &serde_json::Value,
    ) -> Result<(), StoreError> {
        self.end_backtest(id, "done", Some(result.to_string()), None)
            .await
    }

    /// Records why a backtest could not run.
    pub async fn fail_backtest(&self, id: Uuid, error: &str) -> Result<(), StoreError> {
        self.end_backtest(id, "failed", None, Some(error)).await
    }

    async fn end_backtest(
        &self,
        id: Uuid,
        status: &str,
        result: Option<String>,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            sqlx::query(
                "UPDATE backtests SET status = $2, result = $3, error = $4, \
                 done = CASE WHEN $2 = 'done' THEN total ELSE done END, \
                 updated_at = $5, finished_at = $5 \
                 WHERE id = $1 AND status IN ('queued', 'running')",
            )
            .bind(id).bind(status).bind(result).bind(error).bind(now)
            .execute(pool).await?;
        });
        Ok(())
    }
}
