use std::collections::HashMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures::FutureExt as _;
use harbinger_store::{Job, Store};
use tokio_util::sync::CancellationToken;

use crate::Backoff;

/// Why a handler failed. `Retry` may succeed later; `Permanent` never will, so the job dies
/// at once instead of burning its remaining attempts.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("{0}")]
    Retry(String),
    #[error("{0}")]
    Permanent(String),
}

type BoxFut = Pin<Box<dyn Future<Output = Result<(), JobError>> + Send>>;

/// A job handler: receives the leased job, returns when the work is done.
pub type Handler = Arc<dyn Fn(Job) -> BoxFut + Send + Sync>;

/// Runner settings.
#[derive(Debug, Clone)]
pub struct RunnerConfig {
    /// Identifies this process in `locked_by`; unique per replica.
    pub worker_id: String,
    /// How long a lease lasts before another worker may take the job over. The runner
    /// renews it every third of this while the handler runs.
    pub lease: Duration,
    /// Sleep between polls when the queue is empty.
    pub idle_poll: Duration,
    pub backoff: Backoff,
}

impl Default for RunnerConfig {
    fn default() -> Self {
        Self {
            worker_id: format!("worker-{}", uuid::Uuid::new_v4().simple()),
            lease: Duration::from_mins(1),
            idle_poll: Duration::from_millis(500),
            backoff: Backoff::default(),
        }
    }
}

/// What happened to one leased job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    Retrying {
        attempt: i32,
    },
    Dead,
    /// Another worker took the lease over before this one finished.
    LostLease,
}

/// Leases jobs from the store and dispatches them to handlers by `kind`.
#[derive(Clone)]
pub struct Runner {
    store: Store,
    handlers: HashMap<String, Handler>,
    config: RunnerConfig,
}

impl std::fmt::Debug for Runner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runner")
            .field("kinds", &self.handlers.keys().collect::<Vec<_>>())
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Runner {
    pub fn new(store: Store, config: RunnerConfig) -> Self {
        Self {
            store,
            handlers: HashMap::new(),
            config,
        }
    }

    /// The store jobs are leased from.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Registers the handler for jobs of `kind`.
    #[must_use]
    pub fn handle<F, Fut>(mut self, kind: &str, f: F) -> Self
    where
        F: Fn(Job) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), JobError>> + Send + 'static,
    {
        self.handlers
            .insert(kind.to_owned(), Arc::new(move |job| Box::pin(f(job))));
        self
    }

    /// Leases and runs at most one job. `Ok(None)` when nothing is runnable.
    pub async fn run_once(&self) -> Result<Option<(Job, Outcome)>, harbinger_store::StoreError> {
        let lease_ms = duration_ms(self.config.lease);
        let worker = &self.config.worker_id;
        let Some(job) = self.store.lease_job(worker, lease_ms).await? else {
            return Ok(None);
        };
        let kind = job.kind.clone();
        // A lease taken over after its worker died counts as an attempt; past the limit the
        // job is dead rather than run once more.
        if job.attempts > job.max_attempts {
            self.store
                .fail_job(
                    job.id,
                    worker,
                    "attempts exhausted (worker lost its lease)",
                    None,
                )
                .await?;
            record(&kind, "dead");
            return Ok(Some((job, Outcome::Dead)));
        }
        let result = match self.handlers.get(&kind) {
            Some(h) => self.run_with_heartbeat(h(job.clone()), &job).await,
            None => Err(JobError::Retry(format!(
                "no handler for job kind {kind:?} on this worker"
            ))),
        };
        let outcome = match result {
            Ok(()) => {
                if self.store.complete_job(job.id, worker).await? {
                    Outcome::Done
                } else {
                    Outcome::LostLease
                }
            }
            Err(err) => {
                let retry_at = match &err {
                    JobError::Retry(_) if job.attempts < job.max_attempts => {
                        let delay = self.config.backoff.delay(job.attempts);
                        Some(self.now_ms() + duration_ms(delay))
                    }
                    _ => None,
                };
                tracing::warn!(job_id = %job.id, kind = %kind, attempt = job.attempts, error = %err, "job failed");
                if !self
                    .store
                    .fail_job(job.id, worker, &err.to_string(), retry_at)
                    .await?
                {
                    Outcome::LostLease
                } else if retry_at.is_some() {
                    Outcome::Retrying {
                        attempt: job.attempts,
                    }
                } else {
                    Outcome::Dead
                }
            }
        };
        record(
            &kind,
            match outcome {
                Outcome::Done => "done",
                Outcome::Retrying { .. } => "retry",
                Outcome::Dead => "dead",
                Outcome::LostLease => "lost_lease",
            },
        );
        Ok(Some((job, outcome)))
    }

    /// Runs jobs until `shutdown` is cancelled; a job in progress finishes first.
    pub async fn run(self, shutdown: CancellationToken) {
        loop {
            if shutdown.is_cancelled() {
                break;
            }
            let idle = match self.run_once().await {
                Ok(Some(_)) => false,
                Ok(None) => true,
                Err(e) => {
                    tracing::warn!(error = %e, "job queue unavailable; backing off");
                    true
                }
            };
            if idle {
                tokio::select! {
                    () = shutdown.cancelled() => break,
                    () = tokio::time::sleep(self.config.idle_poll) => {}
                }
            }
        }
    }

    /// Drives the handler while renewing the lease; a panic becomes a retryable failure.
    async fn run_with_heartbeat(&self, fut: BoxFut, job: &Job) -> Result<(), JobError> {
        let lease_ms = duration_ms(self.config.lease);
        let mut beat = tokio::time::interval(self.config.lease / 3);
        beat.tick().await;
        let mut work = AssertUnwindSafe(fut).catch_unwind();
        loop {
            tokio::select! {
                res = &mut work => {
                    return res.unwrap_or_else(|_| Err(JobError::Retry("handler panicked".into())));
                }
                _ = beat.tick() => {
                    if let Err(e) = self.store.extend_lease(job.id, &self.config.worker_id, lease_ms).await {
                        tracing::warn!(job_id = %job.id, error = %e, "lease renewal failed");
                    }
                }
            }
        }
    }

    fn now_ms(&self) -> i64 {
        // The store owns the clock; leasing and retry times must agree with it.
        self.store.clock().now_ms()
    }
}

fn duration_ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn record(kind: &str, outcome: &'static str) {
    metrics::counter!("harbinger_jobs_total", "kind" => kind.to_owned(), "outcome" => outcome)
        .increment(1);
}
