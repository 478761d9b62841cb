//! The runner against a real database (SQLite and PostgreSQL).

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use harbinger_core::ManualClock;
use harbinger_jobs::{Backoff, JobError, Outcome, Runner, RunnerConfig, Scheduler};
use harbinger_store::testing::TestDb;
use harbinger_store::{Backend, JobStatus, NewJob, Store};
use serde_json::json;
use tokio_util::sync::CancellationToken;

const T0: i64 = 1_700_000_000_000;

fn config(worker: &str) -> RunnerConfig {
    RunnerConfig {
        worker_id: worker.into(),
        lease: Duration::from_secs(30),
        idle_poll: Duration::from_millis(10),
        backoff: Backoff {
            base: Duration::from_secs(1),
            cap: Duration::from_secs(8),
            jitter: 0.0,
        },
    }
}

async fn store_at(backend: Backend) -> (TestDb, Store, ManualClock) {
    let db = TestDb::new(backend).await;
    let clock = ManualClock::new(T0);
    let store = db.store.clone().with_clock(Arc::new(clock.clone()));
    (db, store, clock)
}

async fn retries_with_backoff_then_succeeds(backend: Backend) {
    let (_db, store, clock) = store_at(backend).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let runner = Runner::new(store.clone(), config("w")).handle("flaky", move |_job| {
        let n = c.fetch_add(1, Ordering::SeqCst);
        async move {
            if n < 2 {
                Err(JobError::Retry(format!("try {n}")))
            } else {
                Ok(())
            }
        }
    });
    let id = store
        .enqueue(&NewJob::new("flaky", json!({})))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        runner.run_once().await.unwrap().unwrap().1,
        Outcome::Retrying { attempt: 1 }
    );
    assert_eq!(
        store.job(id).await.unwrap().unwrap().run_at,
        T0 + 1_000,
        "1 s after attempt 1"
    );
    assert!(
        runner.run_once().await.unwrap().is_none(),
        "not before its time"
    );
    clock.advance_ms(1_000);
    assert_eq!(
        runner.run_once().await.unwrap().unwrap().1,
        Outcome::Retrying { attempt: 2 }
    );
    assert_eq!(
        store.job(id).await.unwrap().unwrap().run_at,
        T0 + 1_000 + 2_000,
        "2 s after attempt 2"
    );
    clock.advance_ms(2_000);
    assert_eq!(runner.run_once().await.unwrap().unwrap().1, Outcome::Done);
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

async fn permanent_errors_panics_and_unknown_kinds(backend: Backend) {
    let (_db, store, clock) = store_at(backend).await;
    let runner = Runner::new(store.clone(), config("w"))
        .handle("bad", |_job| async {
            Err(JobError::Permanent("malformed payload".into()))
        })
        .handle("panics", |job| async move {
            assert!(job.payload.get("never").is_some(), "handler bug");
            Ok(())
        });
    let bad = store
        .enqueue(&NewJob::new("bad", json!({})))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(runner.run_once().await.unwrap().unwrap().1, Outcome::Dead);
    let dead = store.job(bad).await.unwrap().unwrap();
    assert_eq!(
        (dead.status, dead.last_error.as_deref()),
        (JobStatus::Dead, Some("malformed payload"))
    );

    let p = store
        .enqueue(&NewJob::new("panics", json!({})))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        runner.run_once().await.unwrap().unwrap().1,
        Outcome::Retrying { attempt: 1 }
    );
    assert_eq!(
        store.job(p).await.unwrap().unwrap().last_error.as_deref(),
        Some("handler panicked")
    );

    clock.advance_ms(60_000);
    let mut unknown = NewJob::new("from_a_newer_release", json!({}));
    unknown.max_attempts = 1;
    store.enqueue(&unknown).await.unwrap();
    // Ordering is by run_at: the panicking job's retry comes first, then the unknown kind.
    runner.run_once().await.unwrap().unwrap();
    let (job, outcome) = runner.run_once().await.unwrap().unwrap();
    assert_eq!(
        (job.kind.as_str(), outcome),
        ("from_a_newer_release", Outcome::Dead)
    );
}

async fn lease_taken_over_after_worker_death_counts_attempts(backend: Backend) {
    let (_db, store, clock) = store_at(backend).await;
    let mut job = NewJob::new("k", json!({}));
    job.max_attempts = 1;
    let id = store.enqueue(&job).await.unwrap().unwrap();
    // A worker leases the job and dies without a word.
    store.lease_job("crashed", 30_000).await.unwrap().unwrap();
    clock.advance_ms(30_001);
    let runner = Runner::new(store.clone(), config("w")).handle("k", |_| async { Ok(()) });
    assert_eq!(runner.run_once().await.unwrap().unwrap().1, Outcome::Dead);
    assert_eq!(
        store.job(id).await.unwrap().unwrap().status,
        JobStatus::Dead
    );
}

async fn scheduler_and_runner_loop_until_shutdown(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store.clone();
    let now = store.clock().now_ms();
    store
        .ensure_schedule("tick", "count", 3_600_000, now)
        .await
        .unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    let runner = Runner::new(store.clone(), config("w")).handle("count", move |_| {
        c.fetch_add(1, Ordering::SeqCst);
        async { Ok(()) }
    });
    let shutdown = CancellationToken::new();
    let sched = tokio::spawn(
        Scheduler::new(store.clone(), Duration::from_millis(20)).run(shutdown.clone()),
    );
    let run = tokio::spawn(runner.run(shutdown.clone()));
    for _ in 0..200 {
        if count.load(Ordering::SeqCst) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    shutdown.cancel();
    sched.await.unwrap();
    run.await.unwrap();
    assert_eq!(count.load(Ordering::SeqCst), 1, "one slot, one run");
    assert_eq!(store.job_counts().await.unwrap().done, 1);
}

macro_rules! on_both {
    ($($f:ident),*) => {$(
        mod $f {
            #[tokio::test]
            async fn sqlite() { super::$f(harbinger_store::Backend::Sqlite).await }
            #[tokio::test]
            async fn postgres() { super::$f(harbinger_store::Backend::Postgres).await }
        }
    )*};
}

on_both!(
    retries_with_backoff_then_succeeds,
    permanent_errors_panics_and_unknown_kinds,
    lease_taken_over_after_worker_death_counts_attempts,
    scheduler_and_runner_loop_until_shutdown
);
