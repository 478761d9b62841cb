//! Secure by default: no live link tokens for whoever reads the dev mailbox, real SMTP when
//! configured (and then no mailbox), production mode's Secure cookies and HSTS, recovery
//! codes digested under a server key, and what an unverified account may do.

use std::time::Duration;

use harbinger_core::Plan;
use harbinger_testkit::smtp::{FakeSmtp, fake_smtp};
use serde_json::json;

use super::support::*;

both!(the_dev_mailbox_masks_link_tokens, |app, _clock| {
    let admin = user(&app, "admin@example.com").await;
    make_admin(&app, "admin@example.com").await;
    assert_eq!(register(&app, "new@example.com", PW).await.status(), 201);
    let stored = last_mail(&app, "new@example.com").await;
    let token = token_in(&stored);
    let view = json_of(
        get(
            &app,
            "/api/v1/admin/mailbox?to=new@example.com",
            Some(&admin),
        )
        .await,
    )
    .await;
    let body = view[0]["body"].as_str().unwrap();
    assert!(body.contains("/verify-email?token=[hidden]"), "{body}");
    assert!(!body.contains(&token), "{body}");
    // The link still works for its owner.
    verify(&app, "new@example.com").await;
});

#[tokio::test]
async fn the_dev_mailbox_shows_links_when_the_operator_turns_masking_off() {
    let (app, _clock) = spawn(harbinger_testkit::Backend::Sqlite, |c| {
        c.smtp.dev_mailbox_show_links = true;
    })
    .await;
    let admin = user(&app, "admin@example.com").await;
    make_admin(&app, "admin@example.com").await;
    assert_eq!(register(&app, "new@example.com", PW).await.status(), 201);
    let token = token_in(&last_mail(&app, "new@example.com").await);
    let view = json_of(
        get(
            &app,
            "/api/v1/admin/mailbox?to=new@example.com",
            Some(&admin),
        )
        .await,
    )
    .await;
    assert!(view[0]["body"].as_str().unwrap().contains(&token), "{view}");
}

/// The newest message `fake` received for `to`, decoded.
fn mail_to(fake: &FakeSmtp, to: &str) -> String {
    fake.received()
        .iter()
        .rev()
        .find(|m| m.to == [to])
        .map_or_else(
            || panic!("no mail to {to}: {:?}", fake.received()),
            harbinger_testkit::smtp::Received::text,
        )
}

/// Registers `email` and confirms it from the mail the fake SMTP server received.
async fn verified_over_smtp(app: &harbinger_testkit::TestApp, fake: &FakeSmtp, email: &str) {
    assert_eq!(register(app, email, PW).await.status(), 201);
    let token = token_in(&mail_to(fake, email));
    let res = post(
        app,
        "/api/v1/auth/verify-email",
        None,
        json!({ "token": token }),
    )
    .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn with_smtp_mail_is_sent_and_there_is_no_mailbox() {
    let fake = fake_smtp().await;
    let (app, _clock) = spawn(harbinger_testkit::Backend::Sqlite, |c| {
        c.smtp.url = Some(harbinger::config::Secret::new(&fake.url));
        c.smtp.from = Some("Harbinger <signals@harbinger.test>".into());
    })
    .await;
    verified_over_smtp(&app, &fake, "owner@example.com").await;
    let sent = &fake.received()[0];
    assert_eq!(sent.from, "signals@harbinger.test");
    let text = sent.text();
    assert!(
        text.contains("Subject: Confirm your Harbinger email"),
        "{text}"
    );
    assert!(
        text.contains(&format!("{}/verify-email?token=", app.url)),
        "{text}"
    );
    make_admin(&app, "owner@example.com").await;
    let admin = login(&app, "owner@example.com", PW).await;
    let res = get(&app, "/api/v1/admin/mailbox", Some(&admin)).await;
    assert_eq!(res.status(), 404);
    assert!(
        json_of(res).await["detail"]
            .as_str()
            .unwrap()
            .contains("mail is sent over SMTP")
    );
    assert!(app.db.store.dev_mail(None, 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn production_mode_serves_secure_host_cookies_and_hsts() {
    let fake = fake_smtp().await;
    let (app, _clock) = spawn(harbinger_testkit::Backend::Sqlite, |c| {
        c.mode = harbinger::config::Mode::Production;
        c.public_url = Some("https://signals.example.com".into());
        c.smtp.url = Some(harbinger::config::Secret::new(&fake.url));
        c.smtp.from = Some("signals@harbinger.test".into());
    })
    .await;
    verified_over_smtp(&app, &fake, "prod@example.com").await;
    assert!(
        mail_to(&fake, "prod@example.com")
            .contains("https://signals.example.com/verify-email?token=")
    );
    let res = try_login(&app, "prod@example.com", PW).await;
    assert_eq!(res.status(), 200);
    let set = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set.starts_with("__Host-harbinger_session="), "{set}");
    assert!(set.contains("; Secure") && set.contains("Path=/"), "{set}");
    assert!(!set.contains("Domain"), "{set}");
    assert!(
        res.headers()
            .get("strict-transport-security")
            .is_some_and(|v| v.to_str().unwrap().contains("max-age=")),
        "{:?}",
        res.headers()
    );
    let cookie = set.split(';').next().unwrap().to_owned();
    assert_eq!(get(&app, "/api/v1/me", Some(&cookie)).await.status(), 200);
}

#[tokio::test]
async fn development_on_another_address_than_loopback_still_gets_secure_cookies() {
    let (app, _clock) = spawn(harbinger_testkit::Backend::Sqlite, |c| {
        c.listen = "0.0.0.0:0".into();
    })
    .await;
    assert_eq!(register(&app, "lan@example.com", PW).await.status(), 201);
    let res = try_login(&app, "lan@example.com", PW).await;
    let set = res.headers()["set-cookie"].to_str().unwrap();
    assert!(
        set.starts_with("__Host-harbinger_session=") && set.contains("; Secure"),
        "{set}"
    );
}

both!(recovery_codes_are_kept_as_keyed_digests, |app, clock| {
    let cookie = user(&app, "rc@example.com").await;
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
    let now = u64::try_from(harbinger_core::Clock::now_ms(&clock) / 1000).unwrap();
    let code = harbinger_auth::totp::code_at(&secret, now).unwrap();
    let res = post(
        &app,
        "/api/v1/me/totp/confirm",
        Some(&cookie),
        json!({"code": code}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let codes = json_of(res).await["recovery_codes"].clone();
    let store = &app.db.store;
    // Every stored code is an HMAC under the server's key, none a bare SHA-256.
    let keyed = store
        .execute_unchecked_for_tests(
            "UPDATE recovery_codes SET code_hash = code_hash WHERE code_hash LIKE 'h1:%'",
        )
        .await
        .unwrap();
    let bare = store
        .execute_unchecked_for_tests(
            "UPDATE recovery_codes SET code_hash = code_hash WHERE code_hash NOT LIKE 'h1:%'",
        )
        .await
        .unwrap();
    assert_eq!((keyed, bare), (10, 0));
    let rc = codes[0].as_str().unwrap();
    let res = post(
        &app,
        "/api/v1/auth/login",
        None,
        json!({"email": "rc@example.com", "password": PW, "totp": rc}),
    )
    .await;
    assert_eq!(res.status(), 200, "an issued code works");

    // A code stored before digests were keyed (bare SHA-256 of `abcd-efgh-jkmn`) still
    // works, once.
    store
            .execute_unchecked_for_tests(
                "UPDATE recovery_codes SET code_hash = \
                 'ee5e3fc3348255189cb09615b8db7973dd578fc42e64e9c84120a58d7816ed43' \
                 WHERE used_at IS NULL AND code_hash = (SELECT MIN(code_hash) FROM recovery_codes WHERE used_at IS NULL)",
            )
            .await
            .unwrap();
    let legacy = json!({"email": "rc@example.com", "password": PW, "totp": "ABCD-EFGH-JKMN"});
    let res = post(&app, "/api/v1/auth/login", None, legacy.clone()).await;
    assert_eq!(res.status(), 200);
    let res = post(&app, "/api/v1/auth/login", None, legacy).await;
    assert_eq!(res.status(), 401, "single use");
});

both!(
    an_unverified_account_gets_free_limits_and_no_api_keys,
    |app, _clock| {
        assert_eq!(register(&app, "squat@example.com", PW).await.status(), 201);
        let cookie = login(&app, "squat@example.com", PW).await;
        set_plan(&app, "squat@example.com", Plan::Pro).await;
        let me = json_of(get(&app, "/api/v1/me", Some(&cookie)).await).await;
        assert_eq!(
            (me["plan"].clone(), me["email_verified"].clone()),
            (json!("free"), json!(false)),
            "{me}"
        );
        let usage = json_of(get(&app, "/api/v1/billing/usage", Some(&cookie)).await).await;
        assert_eq!(usage["plan"], "free", "{usage}");
        let res = post(
            &app,
            "/api/v1/api-keys",
            Some(&cookie),
            json!({"name": "bot", "scopes": ["read"]}),
        )
        .await;
        assert_eq!(res.status(), 403);
        assert!(
            json_of(res).await["detail"]
                .as_str()
                .unwrap()
                .contains("confirm your email address first")
        );

        // Once the address is confirmed, the plan applies.
        verify(&app, "squat@example.com").await;
        let me = json_of(get(&app, "/api/v1/me", Some(&cookie)).await).await;
        assert_eq!(me["plan"], "pro", "{me}");
        new_key(&app, &cookie, json!(["read"])).await;
    }
);

both!(a_password_reset_proves_the_address, |app, _clock| {
    assert_eq!(register(&app, "owner@example.com", PW).await.status(), 201);
    let res = post(
        &app,
        "/api/v1/auth/forgot-password",
        None,
        json!({"email": "owner@example.com"}),
    )
    .await;
    assert!(res.status().is_success());
    let token = token_in(&last_mail(&app, "owner@example.com").await);
    let res = post(
        &app,
        "/api/v1/auth/reset-password",
        None,
        json!({"token": token, "password": "An0ther long passphrase!"}),
    )
    .await;
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    let cookie = login(&app, "owner@example.com", "An0ther long passphrase!").await;
    let me = json_of(get(&app, "/api/v1/me", Some(&cookie)).await).await;
    assert_eq!(me["email_verified"], true, "{me}");
});

both!(
    unverified_free_accounts_expire_after_a_week,
    |app, clock| {
        assert_eq!(register(&app, "squat@example.com", PW).await.status(), 201);
        assert_eq!(register(&app, "paid@example.com", PW).await.status(), 201);
        set_plan(&app, "paid@example.com", Plan::Pro).await;
        user(&app, "real@example.com").await;
        let store = &app.db.store;
        clock.advance_ms(6 * 86_400_000);
        // Six days on, the hourly sweep has run and kept it.
        app.wait_for_run(
            harbinger::jobs::EXPIRE_UNVERIFIED,
            harbinger_core::Clock::now_ms(&clock),
        )
        .await;
        assert!(
            store
                .user_by_email("squat@example.com")
                .await
                .unwrap()
                .is_some()
        );
        clock.advance_ms(2 * 86_400_000);
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while store
            .user_by_email("squat@example.com")
            .await
            .unwrap()
            .is_some()
        {
            assert!(
                std::time::Instant::now() < deadline,
                "the unverified account was not expired"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(count_action(&app, "account_expired_unverified").await, 1);
        for kept in ["paid@example.com", "real@example.com"] {
            assert!(store.user_by_email(kept).await.unwrap().is_some(), "{kept}");
        }
        // The address is free for its owner again.
        assert_eq!(register(&app, "squat@example.com", PW).await.status(), 201);
        verify(&app, "squat@example.com").await;
    }
);
