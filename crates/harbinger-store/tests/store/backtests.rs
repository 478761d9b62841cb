use harbinger_core::Plan;
use harbinger_store::{AuditEvent, BACKTEST_JOB, BacktestStatus, NewUser, Role, Store};
use serde_json::json;

async fn user(store: &Store, email: &str) -> uuid::Uuid {
    store
        .create_user(
            &NewUser {
                email: email.into(),
                password_hash: None,
                role: Role::User,
                plan: Plan::Pro,
                email_verified: false,
            },
            &AuditEvent::system("user_created"),
        )
        .await
        .unwrap()
        .id
}

both_backends!(backtest_lifecycle_is_owned_and_queues_its_job, |store| {
    let alice = user(&store, "alice@example.com").await;
    let bob = user(&store, "bob@example.com").await;
    let request = json!({"strategy": "sma_cross", "symbols": ["AAPL", "MSFT"]});
    let run = store
        .create_backtest(alice, &request, 2, 3)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(run.status, BacktestStatus::Queued);

    // Its job is queued in the same transaction, naming the backtest.
    let job = store.lease_job("w1", 60_000).await.unwrap().unwrap();
    assert_eq!(job.kind, BACKTEST_JOB);
    assert_eq!(job.payload["id"], run.id.to_string());

    // Only its owner sees it.
    assert!(store.backtest(run.id, Some(bob)).await.unwrap().is_none());
    let seen = store.backtest(run.id, Some(alice)).await.unwrap().unwrap();
    assert_eq!(seen.request, request);

    assert!(store.start_backtest(run.id).await.unwrap());
    store.backtest_progress(run.id, 1).await.unwrap();
    let mid = store.backtest(run.id, None).await.unwrap().unwrap();
    assert_eq!(
        (mid.status, mid.done, mid.total),
        (BacktestStatus::Running, 1, 2)
    );

    let report = json!({"mean": {"sharpe": 0.5}});
    store.finish_backtest(run.id, &report).await.unwrap();
    let done = store.backtest(run.id, Some(alice)).await.unwrap().unwrap();
    assert_eq!(done.status, BacktestStatus::Done);
    assert_eq!(done.result, Some(report));
    assert_eq!(done.done, 2);
    assert!(done.finished_at.is_some());

    // Final is final: a late failure or restart changes nothing.
    store.fail_backtest(run.id, "late").await.unwrap();
    assert!(!store.start_backtest(run.id).await.unwrap());
    let still = store.backtest(run.id, None).await.unwrap().unwrap();
    assert_eq!(still.status, BacktestStatus::Done);
    assert!(still.error.is_none());

    let listed = store.backtests_of(alice, 10).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].result.is_none(), "lists leave reports out");
    assert!(store.backtests_of(bob, 10).await.unwrap().is_empty());
});

both_backends!(
    pending_backtests_are_capped_without_a_partial_write,
    |store| {
        let alice = user(&store, "alice@example.com").await;
        let request = json!({"strategy": "ml"});
        for _ in 0..2 {
            assert!(
                store
                    .create_backtest(alice, &request, 1, 2)
                    .await
                    .unwrap()
                    .is_some()
            );
        }
        assert!(
            store
                .create_backtest(alice, &request, 1, 2)
                .await
                .unwrap()
                .is_none()
        );
        // The refused one left neither a row nor a job behind.
        assert_eq!(store.backtests_of(alice, 10).await.unwrap().len(), 2);
        let mut jobs = 0;
        while store.lease_job("w", 60_000).await.unwrap().is_some() {
            jobs += 1;
        }
        assert_eq!(jobs, 2);

        // A failed one frees its slot and says why.
        let first = store.backtests_of(alice, 10).await.unwrap()[1].id;
        store
            .fail_backtest(first, "no bars for ZZZZ")
            .await
            .unwrap();
        let failed = store.backtest(first, Some(alice)).await.unwrap().unwrap();
        assert_eq!(failed.status, BacktestStatus::Failed);
        assert_eq!(failed.error.as_deref(), Some("no bars for ZZZZ"));
        assert!(
            store
                .create_backtest(alice, &request, 1, 2)
                .await
                .unwrap()
                .is_some()
        );
    }
);
