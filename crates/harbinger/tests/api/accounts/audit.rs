//! S28 and the audit chain through the API: one row per event, append-only, verifiable.

use harbinger_core::Plan;
use serde_json::json;

use super::support::*;

both!(
    s28_each_security_event_writes_exactly_one_audit_row,
    |app, _clock| {
        let cookie = user(&app, "s28@example.com").await;
        post(
            &app,
            "/api/v1/auth/login",
            None,
            json!({"email": "s28@example.com", "password": "wrong password here"}),
        )
        .await;
        set_plan(&app, "s28@example.com", Plan::Pro).await;
        let key = json_of(
            post(
                &app,
                "/api/v1/api-keys",
                Some(&cookie),
                json!({"name": "k", "scopes": ["read"]}),
            )
            .await,
        )
        .await;
        let id = key["id"].as_str().unwrap();
        app.client
            .delete(format!("{}/api/v1/api-keys/{id}", app.url))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        post(&app, "/api/v1/me/password", Some(&cookie), json!({"current_password": PW, "new_password": "changed passphrase 55", "keep_this_session": true})).await;
        post(&app, "/api/v1/auth/logout", Some(&cookie), json!({})).await;
        for (action, n) in [
            ("user_registered", 1),
            ("authn_login_success", 1),
            ("authn_login_fail", 1),
            ("plan_change", 1),
            ("apikey_created", 1),
            ("apikey_revoked", 1),
            ("authn_password_change", 1),
            ("authn_logout", 1),
        ] {
            assert_eq!(count_action(&app, action).await, n, "{action}");
        }
        let rows = app
            .db
            .store
            .audit_rows(&harbinger_store::AuditQuery {
                after_seq: 0,
                limit: 100,
                ..Default::default()
            })
            .await
            .unwrap();
        let fail = rows
            .iter()
            .find(|r| r.action == "authn_login_fail")
            .unwrap();
        assert_eq!(
            (fail.outcome.as_str(), fail.reason.as_deref()),
            ("failure", Some("wrong password"))
        );
        assert_eq!(fail.ip.as_deref(), Some("127.0.0.1"));
        assert!(fail.request_id.is_some());
        let links: Vec<_> = rows.iter().map(harbinger_store::AuditRow::link).collect();
        let key = harbinger_ledger::CheckpointKey::from_bytes(&[1; 32]);
        let v = harbinger_ledger::verify(links, &[], &key.verifier()).unwrap();
        assert_eq!(v.rows as usize, rows.len());
    }
);

both!(audit_head_is_signed_every_thousand_rows, |app, _clock| {
    let store = &app.db.store;
    let rows = harbinger::jobs::AUDIT_CHECKPOINT_ROWS;
    // Twice the interval: the five-minute job signs at most once in this test (at start-up),
    // so without the row watcher more than `rows` rows would stay unsigned.
    for i in 0..2 * rows {
        let ev = harbinger_store::AuditEvent::system("test_event").target("row", i);
        store.audit(&ev).await.unwrap();
    }
    let (head, _) = store.audit_head().await.unwrap();
    // The watcher polls every two seconds.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let latest = loop {
        let latest = store.latest_audit_checkpoint_seq().await.unwrap();
        if head - latest < rows {
            break latest;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{} rows unsigned after 20 s",
            head - latest
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    let cps = store.audit_checkpoints().await.unwrap();
    let cp = cps.iter().find(|c| c.seq == latest).unwrap();
    let row = store
        .audit_rows(&harbinger_store::AuditQuery {
            after_seq: latest - 1,
            limit: 1,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(hex::encode(cp.hash), row[0].hash, "signs the head it saw");
});

#[tokio::test]
async fn operators_see_whether_the_audit_log_is_intact() {
    let (app, _clock) = spawn(harbinger_testkit::Backend::Sqlite, |_| {}).await;
    let admin = user(&app, "auditor@example.com").await;
    make_admin(&app, "auditor@example.com").await;
    let verify = || get(&app, "/api/v1/admin/audit/verify", Some(&admin));
    let ok = json_of(verify().await).await;
    assert_eq!(ok["intact"], true, "{ok}");
    assert!(ok["rows"].as_u64().unwrap() >= 3, "{ok}");
    assert_eq!(ok["signatures_checked"], true);
    assert!(ok["first_bad_seq"].is_null());
    let store = &app.db.store;
    store
        .execute_unchecked_for_tests("DROP TRIGGER audit_log_no_update")
        .await
        .unwrap();
    store
        .execute_unchecked_for_tests(
            "UPDATE audit_log SET reason = 'nothing happened' WHERE seq = 2",
        )
        .await
        .unwrap();
    let bad = json_of(verify().await).await;
    assert_eq!(bad["intact"], false, "{bad}");
    assert_eq!(bad["first_bad_seq"], 2, "{bad}");
    assert!(bad["problem"].as_str().unwrap().contains("seq 2"), "{bad}");
    let plain = user(&app, "not-an-operator@example.com").await;
    let refused = get(&app, "/api/v1/admin/audit/verify", Some(&plain)).await;
    assert_eq!(refused.status(), 403);
}
