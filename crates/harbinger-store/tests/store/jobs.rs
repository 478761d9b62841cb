use std::sync::Arc;

use harbinger_core::ManualClock;
use harbinger_store::{JobStatus, NewJob, Store};
use serde_json::json;

const T0: i64 = 1_700_000_000_000;

fn at(store: &Store) -> (Store, ManualClock) {
    let clock = ManualClock::new(T0);
    (store.clone().with_clock(Arc::new(clock.clone())), clock)
}

both_backends!(lease_complete_and_count, |store| {
    let (store, _clock) = at(&store);
    let id = store
        .enqueue(&NewJob::new("grade", json!({"n": 1})))
        .await
        .unwrap()
        .unwrap();
    let job = store.lease_job("w1", 30_000).await.unwrap().unwrap();
    assert_eq!(
        (job.id, job.status, job.attempts),
        (id, JobStatus::Running, 1)
    );
    assert_eq!(job.payload, json!({"n": 1}));
    // Nothing else is runnable while the lease holds.
    assert!(store.lease_job("w2", 30_000).await.unwrap().is_none());
    assert!(
        !store.complete_job(id, "w2").await.unwrap(),
        "only the holder completes"
    );
    assert!(store.complete_job(id, "w1").await.unwrap());
    let counts = store.job_counts().await.unwrap();
    assert_eq!((counts.done, counts.queued, counts.running), (1, 0, 0));
});

both_backends!(unique_key_dedupes, |store| {
    let mut job = NewJob::new("signals", json!({}));
    job.unique_key = Some("signals:AAPL:2020-01-02".into());
    assert!(store.enqueue(&job).await.unwrap().is_some());
    assert!(store.enqueue(&job).await.unwrap().is_none());
    assert_eq!(store.job_counts().await.unwrap().queued, 1);
});

both_backends!(future_jobs_wait_for_their_time, |store| {
    let (store, clock) = at(&store);
    let mut job = NewJob::new("later", json!({}));
    job.run_at = Some(T0 + 60_000);
    store.enqueue(&job).await.unwrap();
    assert!(store.lease_job("w", 1_000).await.unwrap().is_none());
    clock.advance_ms(60_000);
    assert!(store.lease_job("w", 1_000).await.unwrap().is_some());
});

both_backends!(expired_lease_is_taken_over, |store| {
    let (store, clock) = at(&store);
    let id = store
        .enqueue(&NewJob::new("k", json!({})))
        .await
        .unwrap()
        .unwrap();
    store
        .lease_job("dead-worker", 10_000)
        .await
        .unwrap()
        .unwrap();
    clock.advance_ms(10_001);
    let again = store.lease_job("w2", 10_000).await.unwrap().unwrap();
    assert_eq!(
        (again.id, again.attempts, again.locked_by.as_deref()),
        (id, 2, Some("w2"))
    );
    // The worker that lost its lease can no longer touch the job.
    assert!(!store.complete_job(id, "dead-worker").await.unwrap());
    assert!(store.complete_job(id, "w2").await.unwrap());
});

both_backends!(failures_retry_then_die, |store| {
    let (store, clock) = at(&store);
    let mut job = NewJob::new("flaky", json!({}));
    job.max_attempts = 2;
    let id = store.enqueue(&job).await.unwrap().unwrap();
    store.lease_job("w", 1_000).await.unwrap().unwrap();
    assert!(
        store
            .fail_job(id, "w", "boom", Some(T0 + 5_000))
            .await
            .unwrap()
    );
    let queued = store.job(id).await.unwrap().unwrap();
    assert_eq!(
        (queued.status, queued.last_error.as_deref()),
        (JobStatus::Queued, Some("boom"))
    );
    assert!(
        store.lease_job("w", 1_000).await.unwrap().is_none(),
        "backoff respected"
    );
    clock.advance_ms(5_000);
    store.lease_job("w", 1_000).await.unwrap().unwrap();
    assert!(store.fail_job(id, "w", "boom again", None).await.unwrap());
    let dead = store.job(id).await.unwrap().unwrap();
    assert_eq!((dead.status, dead.attempts), (JobStatus::Dead, 2));
    assert!(dead.finished_at.is_some());
    assert_eq!(store.job_counts().await.unwrap().dead, 1);
});

both_backends!(concurrent_workers_never_share_a_job, |store| {
    for i in 0..40 {
        store
            .enqueue(&NewJob::new("k", json!({ "i": i })))
            .await
            .unwrap();
    }
    let mut tasks = Vec::new();
    for w in 0..4 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut got = Vec::new();
            let worker = format!("w{w}");
            while let Some(job) = store.lease_job(&worker, 60_000).await.unwrap() {
                got.push(job.id);
                store.complete_job(job.id, &worker).await.unwrap();
            }
            got
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!((n, all.len()), (40, 40), "each job leased exactly once");
});
