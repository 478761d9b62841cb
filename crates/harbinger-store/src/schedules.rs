use serde::Serialize;
use uuid::Uuid;

use crate::{NewJob, Store, StoreError};

/// A recurring job, run once per period across the whole cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Schedule {
    pub name: String,
    pub kind: String,
    pub every_ms: i64,
    pub next_run_at: i64,
    pub last_run_at: Option<i64>,
}

impl Store {
    /// Registers a schedule, or updates its kind and period keeping its next run time.
    pub async fn ensure_schedule(
        &self,
        name: &str,
        kind: &str,
        every_ms: i64,
        first_run_at: i64,
    ) -> Result<(), StoreError> {
        let now = self.now_ms();
        db_run!(self, pool => {
            sqlx::query(
                "INSERT INTO schedules (name, kind, every_ms, next_run_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, every_ms = excluded.every_ms, \
                 updated_at = excluded.updated_at",
            )
            .bind(name)
            .bind(kind)
            .bind(every_ms)
            .bind(first_run_at)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    pub async fn schedules(&self) -> Result<Vec<Schedule>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(
                "SELECT name, kind, every_ms, next_run_at, last_run_at FROM schedules ORDER BY name",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// Enqueues one job for every schedule that is due, and moves the schedule to its next
    /// slot. Safe with many replicas calling at once: the slot moves by compare-and-swap on
    /// `next_run_at`, in the same transaction as the enqueue, and the job's unique key names
    /// the slot, so each slot yields exactly one job cluster-wide. Missed slots (the cluster
    /// was down) collapse into one run rather than a burst.
    pub async fn claim_due_schedules(&self) -> Result<Vec<Uuid>, StoreError> {
        let now = self.now_ms();
        let due: Vec<Schedule> = db_run!(self, pool => {
            sqlx::query_as(
                "SELECT name, kind, every_ms, next_run_at, last_run_at FROM schedules \
                 WHERE next_run_at <= $1 ORDER BY next_run_at",
            )
            .bind(now)
            .fetch_all(pool)
            .await?
        });
        let mut enqueued = Vec::new();
        for s in due {
            let periods = (now - s.next_run_at) / s.every_ms + 1;
            let next = s.next_run_at + periods * s.every_ms;
            let mut job = NewJob::new(
                s.kind.clone(),
                serde_json::json!({ "schedule": s.name, "slot": s.next_run_at }),
            );
            job.unique_key = Some(format!("schedule:{}:{}", s.name, s.next_run_at));
            job.max_attempts = 3;
            let id = Uuid::now_v7();
            let won = db_run!(self, pool => {
                let mut tx = pool.begin().await?;
                let moved = sqlx::query(
                    "UPDATE schedules SET next_run_at = $1, last_run_at = $2, updated_at = $2 \
                     WHERE name = $3 AND next_run_at = $4",
                )
                .bind(next)
                .bind(now)
                .bind(&s.name)
                .bind(s.next_run_at)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if moved == 1 {
                    sqlx::query(
                        "INSERT INTO jobs (id, kind, payload, status, attempts, max_attempts, run_at, unique_key, created_at, updated_at) \
                         VALUES ($1, $2, $3, 'queued', 0, $4, $5, $6, $5, $5) ON CONFLICT (unique_key) DO NOTHING",
                    )
                    .bind(id)
                    .bind(&job.kind)
                    .bind(job.payload.to_string())
                    .bind(job.max_attempts)
                    .bind(now)
                    .bind(&job.unique_key)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                moved == 1
            });
            if won {
                enqueued.push(id);
            }
        }
        Ok(enqueued)
    }
}
