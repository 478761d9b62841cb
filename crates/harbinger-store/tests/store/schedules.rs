use std::sync::Arc;

use harbinger_core::ManualClock;

const T0: i64 = 1_700_000_000_000;

both_backends!(a_due_schedule_yields_one_job_per_slot, |store| {
    let clock = ManualClock::new(T0);
    let store = store.with_clock(Arc::new(clock.clone()));
    store
        .ensure_schedule("gaps", "fill_gaps", 60_000, T0)
        .await
        .unwrap();
    assert_eq!(store.claim_due_schedules().await.unwrap().len(), 1);
    assert!(
        store.claim_due_schedules().await.unwrap().is_empty(),
        "slot already claimed"
    );
    // The cluster was down for ten periods: one catch-up run, not ten.
    clock.advance_ms(10 * 60_000 + 5);
    assert_eq!(store.claim_due_schedules().await.unwrap().len(), 1);
    let s = &store.schedules().await.unwrap()[0];
    assert_eq!(s.next_run_at, T0 + 11 * 60_000);
    assert_eq!(store.job_counts().await.unwrap().queued, 2);
});

both_backends!(replicas_racing_claim_each_slot_once, |store| {
    let clock = ManualClock::new(T0);
    let store = store.with_clock(Arc::new(clock.clone()));
    store.ensure_schedule("a", "k", 1_000, T0).await.unwrap();
    store.ensure_schedule("b", "k", 1_000, T0).await.unwrap();
    for _ in 0..5 {
        let mut tasks = Vec::new();
        for _ in 0..6 {
            let s = store.clone();
            tasks.push(tokio::spawn(async move {
                s.claim_due_schedules().await.unwrap().len()
            }));
        }
        let mut total = 0;
        for t in tasks {
            total += t.await.unwrap();
        }
        assert_eq!(total, 2, "two schedules, one job each per slot");
        clock.advance_ms(1_000);
    }
    assert_eq!(store.job_counts().await.unwrap().queued, 10);
});

both_backends!(ensure_keeps_the_next_run_time, |store| {
    store.ensure_schedule("x", "k1", 1_000, T0).await.unwrap();
    store
        .ensure_schedule("x", "k2", 2_000, T0 + 99_999)
        .await
        .unwrap();
    let s = &store.schedules().await.unwrap()[0];
    assert_eq!(
        (s.kind.as_str(), s.every_ms, s.next_run_at),
        ("k2", 2_000, T0)
    );
});
