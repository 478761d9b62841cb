use serde::Serialize;
use uuid::Uuid;

use crate::{Store, StoreError};

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JobStatus {
    Queued,
    Running,
    Done,
    /// Out of attempts; kept for inspection, never retried by itself.
    Dead,
}

impl JobStatus {
    fn parse(s: &str) -> Result<Self, StoreError> {
        Ok(match s {
            "queued" => Self::Queued,
            "running" => Self::Running,
            "done" => Self::Done,
            "dead" => Self::Dead,
            other => return Err(StoreError::Corrupt(format!("job status {other:?}"))),
        })
    }
}

/// A job to enqueue.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: String,
    pub payload: serde_json::Value,
    /// Earliest start (Unix ms); `None` = now.
    pub run_at: Option<i64>,
    pub max_attempts: i32,
    /// At most one job with this key ever exists (dedupe for scheduled and per-bar work).
    pub unique_key: Option<String>,
}

impl NewJob {
    pub fn new(kind: impl Into<String>, payload: serde_json::Value) -> Self {
        Self {
            kind: kind.into(),
            payload,
            run_at: None,
            max_attempts: 5,
            unique_key: None,
        }
    }
}

/// A stored job.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Job {
    pub id: Uuid,
    pub kind: String,
    pub payload: serde_json::Value,
    pub status: JobStatus,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: i64,
    pub lease_until: Option<i64>,
    pub locked_by: Option<String>,
    pub last_error: Option<String>,
    pub unique_key: Option<String>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

/// Number of jobs per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct JobCounts {
    pub queued: i64,
    pub running: i64,
    pub done: i64,
    pub dead: i64,
}

#[derive(sqlx::FromRow)]
struct JobRow {
    id: Uuid,
    kind: String,
    payload: String,
    status: String,
    attempts: i32,
    max_attempts: i32,
    run_at: i64,
    lease_until: Option<i64>,
    locked_by: Option<String>,
    last_error: Option<String>,
    unique_key: Option<String>,
    created_at: i64,
    finished_at: Option<i64>,
}

impl TryFrom<JobRow> for Job {
    type Error = StoreError;
    fn try_from(r: JobRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: r.id,
            payload: serde_json::from_str(&r.payload)
                .map_err(|e| StoreError::Corrupt(format!("job {} payload: {e}", r.id)))?,
            kind: r.kind,
            status: JobStatus::parse(&r.status)?,
            attempts: r.attempts,
            max_attempts: r.max_attempts,
            run_at: r.run_at,
            lease_until: r.lease_until,
            locked_by: r.locked_by,
            last_error: r.last_error,
            unique_key: r.unique_key,
            created_at: r.created_at,
            finished_at: r.finished_at,
        })
    }
}

impl Store {
    /// Enqueues a job. Returns `None` when a job with the same `unique_key` already exists.
    pub async fn enqueue(&self, job: &NewJob) -> Result<Option<Uuid>, StoreError> {
        let now = self.now_ms();
        let id = Uuid::now_v7();
        let payload = job.payload.to_string();
        let run_at = job.run_at.unwrap_or(now);
        let inserted: Option<Uuid> = db_run!(self, pool => {
            sqlx::query_scalar(
                "INSERT INTO jobs (id, kind, payload, status, attempts, max_attempts, run_at, unique_key, created_at, updated_at) \
                 VALUES ($1, $2, $3, 'queued', 0, $4, $5, $6, $7, $7) \
                 ON CONFLICT (unique_key) DO NOTHING RETURNING id",
            )
            .bind(id)
            .bind(&job.kind)
            .bind(&payload)
            .bind(job.max_attempts.max(1))
            .bind(run_at)
            .bind(&job.unique_key)
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        Ok(inserted)
    }

    /// Leases the next runnable job for `worker` until now + `lease_ms`: a queued job whose
    /// time has come, or a running job whose lease expired (its worker died). Each call
    /// counts one attempt. PostgreSQL uses `FOR UPDATE SKIP LOCKED` so replicas never lease
    /// the same job; SQLite has a single writer, so the statement is atomic as it is.
    pub async fn lease_job(&self, worker: &str, lease_ms: i64) -> Result<Option<Job>, StoreError> {
        let now = self.now_ms();
        let row: Option<JobRow> = match &self.db {
            crate::db::Db::Sqlite(pool) => {
                sqlx::query_as(
                    "UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_until = $1, \
                     locked_by = $2, updated_at = $3 \
                     WHERE id = (SELECT id FROM jobs WHERE (status = 'queued' AND run_at <= $3) \
                       OR (status = 'running' AND lease_until < $3) ORDER BY run_at, id LIMIT 1) \
                     RETURNING id, kind, payload, status, attempts, max_attempts, run_at, lease_until, \
                     locked_by, last_error, unique_key, created_at, finished_at",
                )
                .bind(now + lease_ms)
                .bind(worker)
                .bind(now)
                .fetch_optional(pool)
                .await?
            }
            crate::db::Db::Postgres(pool) => {
                sqlx::query_as(
                    "UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_until = $1, \
                     locked_by = $2, updated_at = $3 \
                     WHERE id = (SELECT id FROM jobs WHERE (status = 'queued' AND run_at <= $3) \
                       OR (status = 'running' AND lease_until < $3) ORDER BY run_at, id LIMIT 1 \
                       FOR UPDATE SKIP LOCKED) \
                     RETURNING id, kind, payload, status, attempts, max_attempts, run_at, lease_until, \
                     locked_by, last_error, unique_key, created_at, finished_at",
                )
                .bind(now + lease_ms)
                .bind(worker)
                .bind(now)
                .fetch_optional(pool)
                .await?
            }
        };
        row.map(Job::try_from).transpose()
    }

    /// Marks a leased job done. False when `worker` no longer holds the lease.
    pub async fn complete_job(&self, id: Uuid, worker: &str) -> Result<bool, StoreError> {
        let now = self.now_ms();
        let n = db_run!(self, pool => {
            sqlx::query(
                "UPDATE jobs SET status = 'done', lease_until = NULL, finished_at = $1, updated_at = $1 \
                 WHERE id = $2 AND locked_by = $3 AND status = 'running'",
            )
            .bind(now)
            .bind(id)
            .bind(worker)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n == 1)
    }

    /// Records a failure. With `retry_at` the job is queued again for then; without it the
    /// job is dead. False when `worker` no longer holds the lease.
    pub async fn fail_job(
        &self,
        id: Uuid,
        worker: &str,
        error: &str,
        retry_at: Option<i64>,
    ) -> Result<bool, StoreError> {
        let now = self.now_ms();
        let (status, run_at, finished) = match retry_at {
            Some(t) => ("queued", Some(t), None),
            None => ("dead", None, Some(now)),
        };
        let n = db_run!(self, pool => {
            sqlx::query(
                "UPDATE jobs SET status = $1, run_at = COALESCE($2, run_at), last_error = $3, \
                 lease_until = NULL, locked_by = NULL, finished_at = $4, updated_at = $5 \
                 WHERE id = $6 AND locked_by = $7 AND status = 'running'",
            )
            .bind(status)
            .bind(run_at)
            .bind(error)
            .bind(finished)
            .bind(now)
            .bind(id)
            .bind(worker)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n == 1)
    }

    /// Extends a lease held by `worker` (long jobs heartbeat with this).
    pub async fn extend_lease(
        &self,
        id: Uuid,
        worker: &str,
        lease_ms: i64,
    ) -> Result<bool, StoreError> {
        let now = self.now_ms();
        let n = db_run!(self, pool => {
            sqlx::query(
                "UPDATE jobs SET lease_until = $1, updated_at = $2 \
                 WHERE id = $3 AND locked_by = $4 AND status = 'running'",
            )
            .bind(now + lease_ms)
            .bind(now)
            .bind(id)
            .bind(worker)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n == 1)
    }

    /// Deletes done and dead jobs that finished before `before_ms`; returns how many.
    pub async fn prune_finished_jobs(&self, before_ms: i64) -> Result<u64, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query("DELETE FROM jobs WHERE status IN ('done', 'dead') AND finished_at < $1")
                .bind(before_ms)
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }

    pub async fn job(&self, id: Uuid) -> Result<Option<Job>, StoreError> {
        let row: Option<JobRow> = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT id, kind, payload, status, attempts, max_attempts, run_at, lease_until, \
                 locked_by, last_error, unique_key, created_at, finished_at FROM jobs WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        row.map(Job::try_from).transpose()
    }

    pub async fn job_counts(&self) -> Result<JobCounts, StoreError> {
        let rows: Vec<(String, i64)> = db_run!(self, pool => {
            sqlx::query_as("SELECT status, COUNT(*) FROM jobs GROUP BY status")
                .fetch_all(pool)
                .await?
        });
        let mut c = JobCounts::default();
        for (status, n) in rows {
            match JobStatus::parse(&status)? {
                JobStatus::Queued => c.queued = n,
                JobStatus::Running => c.running = n,
                JobStatus::Done => c.done = n,
                JobStatus::Dead => c.dead = n,
            }
        }
        Ok(c)
    }
}
