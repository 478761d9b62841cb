//! S3 (login throttling), S9 (fixation) and two-factor login.

use serde_json::json;

use super::support::*;

both!(s03_login_throttling_locks_then_expires, |app, clock| {
    register(&app, "s3@example.com", PW).await;
    fail_logins(&app, "s3@example.com", 5).await;
    // Locked: even the right password is refused, with a Retry-After.
    let res = try_login(&app, "s3@example.com", PW).await;
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 15 * 60, "{retry}");
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    assert_eq!(count_action(&app, "authn_lockout").await, 1);
    // The lock lifts by itself: an attacker cannot keep a victim out for good.
    clock.advance_ms(i64::try_from(retry).unwrap() * 1000);
    login(&app, "s3@example.com", PW).await;
});

both!(s03_repeat_lockouts_double_and_still_expire, |app, clock| {
    register(&app, "s3x@example.com", PW).await;
    let mut locks = Vec::new();
    for _ in 0..3 {
        fail_logins(&app, "s3x@example.com", 5).await;
        let res = try_login(&app, "s3x@example.com", PW).await;
        assert_eq!(res.status(), 429);
        let retry: i64 = res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        locks.push(retry);
        // One second short of the end it still holds; then it lifts.
        clock.advance_ms((retry - 1) * 1000);
        let res = try_login(&app, "s3x@example.com", PW).await;
        assert_eq!(res.status(), 429);
        clock.advance_ms(1000);
    }
    assert_eq!(locks, [15 * 60, 30 * 60, 60 * 60], "each lock doubles");
    login(&app, "s3x@example.com", PW).await;
    let rows = app
        .db
        .store
        .audit_rows(&harbinger_store::AuditQuery {
            after_seq: 0,
            limit: 1000,
            action: Some("authn_lockout".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let seconds: Vec<i64> = rows
        .iter()
        .map(|r| {
            serde_json::from_str::<serde_json::Value>(&r.metadata).unwrap()["lock_seconds"]
                .as_i64()
                .unwrap()
        })
        .collect();
    assert_eq!(seconds, [900, 1800, 3600], "one audit row per lockout");
    // A day after the last lock the account is back to the first length.
    clock.advance_ms(25 * 3_600_000);
    for _ in 0..5 {
        try_login(&app, "s3x@example.com", "wrong guess here").await;
    }
    let res = try_login(&app, "s3x@example.com", PW).await;
    assert_eq!(res.headers()["retry-after"], "900");
});

mod s03_login_is_throttled_per_ip_too {
    use super::*;

    async fn run(backend: harbinger_testkit::Backend) {
        let (app, _clock) = spawn(backend, |c| c.auth.auth_requests_per_minute = 3).await;
        let mut statuses = Vec::new();
        for i in 0..5 {
            let res = post(
                &app,
                "/api/v1/auth/login",
                None,
                json!({"email": format!("spray{i}@example.com"), "password": "guess guess guess"}),
            )
            .await;
            statuses.push(res.status().as_u16());
        }
        assert_eq!(
            statuses,
            [401, 401, 401, 429, 429],
            "different accounts, same IP"
        );
    }

    #[tokio::test]
    async fn sqlite() {
        run(harbinger_testkit::Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn postgres() {
        run(harbinger_testkit::Backend::Postgres).await;
    }
}

both!(
    s09_login_issues_a_new_session_and_ends_the_old_one,
    |app, _clock| {
        let first = user(&app, "s9@example.com").await;
        let res = post(
            &app,
            "/api/v1/auth/login",
            Some(&first),
            json!({"email": "s9@example.com", "password": PW}),
        )
        .await;
        assert_eq!(res.status(), 200);
        let second = cookie_of(&res);
        assert_ne!(first, second);
        assert_eq!(
            get(&app, "/api/v1/me", Some(&first)).await.status(),
            401,
            "pre-login id is dead"
        );
        assert_eq!(get(&app, "/api/v1/me", Some(&second)).await.status(), 200);
    }
);

both!(totp_enrolment_login_recovery_and_disable, |app, clock| {
    let cookie = user(&app, "2fa@example.com").await;
    let setup = json_of(
        post(
            &app,
            "/api/v1/me/totp",
            Some(&cookie),
            json!({"password": PW}),
        )
        .await,
    )
    .await;
    let secret = setup["secret"].as_str().unwrap().to_owned();
    // The seed is kept sealed: the database alone does not give it away.
    let id = user_id(&app, "2fa@example.com").await;
    let stored = app
        .db
        .store
        .user_secrets(id)
        .await
        .unwrap()
        .totp_secret
        .unwrap();
    assert!(
        stored.starts_with("v1:") && !stored.contains(&secret),
        "{stored}"
    );
    assert!(
        setup["otpauth_uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/Harbinger:2fa%40example.com?secret=")
    );
    let now = || u64::try_from(harbinger_core::Clock::now_ms(&clock) / 1000).unwrap();
    let code = harbinger_auth::totp::code_at(&secret, now()).unwrap();
    let res = post(
        &app,
        "/api/v1/me/totp/confirm",
        Some(&cookie),
        json!({"code": code}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let codes = json_of(res).await["recovery_codes"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(codes.len(), 10);
    // Password alone is no longer enough.
    let res = try_login(&app, "2fa@example.com", PW).await;
    assert_eq!(res.status(), 401);
    assert!(
        json_of(res).await["type"]
            .as_str()
            .unwrap()
            .ends_with("totp-required")
    );
    clock.advance_ms(60_000);
    let code = harbinger_auth::totp::code_at(&secret, now()).unwrap();
    let ok = post(
        &app,
        "/api/v1/auth/login",
        None,
        json!({"email": "2fa@example.com", "password": PW, "totp": code}),
    )
    .await;
    assert_eq!(ok.status(), 200);
    let replay = post(
        &app,
        "/api/v1/auth/login",
        None,
        json!({"email": "2fa@example.com", "password": PW, "totp": code}),
    )
    .await;
    assert_eq!(replay.status(), 401, "a code works once");
    let rc = codes[0].as_str().unwrap();
    let ok = post(
        &app,
        "/api/v1/auth/login",
        None,
        json!({"email": "2fa@example.com", "password": PW, "totp": rc}),
    )
    .await;
    assert_eq!(ok.status(), 200);
    let cookie = cookie_of(&ok);
    let again = post(
        &app,
        "/api/v1/auth/login",
        None,
        json!({"email": "2fa@example.com", "password": PW, "totp": rc}),
    )
    .await;
    assert_eq!(again.status(), 401, "recovery codes are single-use");
    let wrong = post(
        &app,
        "/api/v1/me/totp/disable",
        Some(&cookie),
        json!({"password": "not my password", "code": codes[1]}),
    )
    .await;
    assert_eq!(wrong.status(), 401);
    let password_only = post(
        &app,
        "/api/v1/me/totp/disable",
        Some(&cookie),
        json!({"password": PW}),
    )
    .await;
    assert!(
        password_only.status().is_client_error(),
        "the password alone cannot turn two-factor off: {}",
        password_only.status()
    );
    let wrong_code = post(
        &app,
        "/api/v1/me/totp/disable",
        Some(&cookie),
        json!({"password": PW, "code": "000000"}),
    )
    .await;
    assert_eq!(wrong_code.status(), 401);
    assert!(
        json_of(wrong_code).await["type"]
            .as_str()
            .unwrap()
            .ends_with("totp-required")
    );
    let off = post(
        &app,
        "/api/v1/me/totp/disable",
        Some(&cookie),
        json!({"password": PW, "code": codes[1]}),
    )
    .await;
    assert_eq!(off.status(), 200, "a recovery code is a second factor");
    login(&app, "2fa@example.com", PW).await;
    assert_eq!(count_action(&app, "authn_mfa_enabled").await, 1);
    assert_eq!(count_action(&app, "authn_mfa_disabled").await, 1);
});
