//! The audit log: append-only on both backends, hash-chained, detected when tampered with.

use harbinger_store::{AuditEvent, AuditQuery, Store};

async fn rows(store: &Store) -> Vec<harbinger_store::AuditRow> {
    store
        .audit_rows(&AuditQuery {
            after_seq: 0,
            limit: 10_000,
            ..AuditQuery::default()
        })
        .await
        .unwrap()
}

fn verify(
    rows: &[harbinger_store::AuditRow],
) -> Result<harbinger_ledger::Verified, harbinger_ledger::Break> {
    let key = harbinger_ledger::CheckpointKey::from_bytes(&[3; 32]);
    harbinger_ledger::verify(
        rows.iter().map(harbinger_store::AuditRow::link),
        &[],
        &key.verifier(),
    )
}

both_backends!(a1_audit_log_refuses_update_and_delete, |store| {
    store
        .audit(&AuditEvent::system("authn_login_success"))
        .await
        .unwrap();
    for sql in ["UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"] {
        let err = store.execute_unchecked_for_tests(sql).await.unwrap_err();
        assert!(
            err.to_string().contains("append-only") || err.to_string().contains("permission"),
            "{sql}: {err}"
        );
    }
    assert_eq!(rows(&store).await.len(), 1);
});

both_backends!(a2_concurrent_appends_form_one_contiguous_chain, |store| {
    let mut tasks = Vec::new();
    for i in 0..40 {
        let s = store.clone();
        tasks.push(tokio::spawn(async move {
            s.audit(&AuditEvent::system("authn_login_fail").failed(format!("attempt {i}")))
                .await
                .unwrap()
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let all = rows(&store).await;
    assert_eq!(all.len(), 40);
    let v = verify(&all).unwrap();
    assert_eq!(v.head_seq, 40);
    assert_eq!(store.audit_head().await.unwrap(), (40, v.head_hash));
});

both_backends!(a6_a_changed_row_is_named_by_seq, |store| {
    for _ in 0..10 {
        store
            .audit(&AuditEvent::system("apikey_created"))
            .await
            .unwrap();
    }
    let mut all = rows(&store).await;
    all[6].reason = Some("edited".into());
    assert_eq!(
        verify(&all).unwrap_err(),
        harbinger_ledger::Break::BadHash { seq: 7 }
    );
    all.remove(6);
    assert_eq!(verify(&all).unwrap_err().seq(), 7);
});
