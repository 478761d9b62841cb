//! S7, S8, S10, S11, S12: cookies, tokens, logout, lifetimes, CSRF.

use serde_json::json;

use super::support::*;

mod s07_session_cookie_attributes {
    use super::*;

    async fn run(backend: harbinger_testkit::Backend) {
        let (app, _clock) = spawn(backend, |c| {
            c.public_url = Some("https://harbinger.example".into());
        })
        .await;
        register(&app, "s7@example.com", PW).await;
        let res = post(
            &app,
            "/api/v1/auth/login",
            None,
            json!({"email": "s7@example.com", "password": PW}),
        )
        .await;
        let set = res.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(set.starts_with("__Host-harbinger_session="), "{set}");
        for attr in ["; Path=/", "; HttpOnly", "; SameSite=Lax", "; Secure"] {
            assert!(set.contains(attr), "{attr} missing: {set}");
        }
        assert!(!set.to_ascii_lowercase().contains("domain"), "{set}");
        let hsts = res.headers()["strict-transport-security"].to_str().unwrap();
        assert!(hsts.contains("includeSubDomains"));
        let age: u64 = hsts.split(['=', ';']).nth(1).unwrap().parse().unwrap();
        assert!(age >= 31_536_000);
        // Plain http (local development): no Secure, no __Host- prefix.
        let (plain, _c) = spawn(backend, |_| {}).await;
        register(&plain, "s7@example.com", PW).await;
        let res = post(
            &plain,
            "/api/v1/auth/login",
            None,
            json!({"email": "s7@example.com", "password": PW}),
        )
        .await;
        let set = res.headers()["set-cookie"].to_str().unwrap();
        assert!(
            set.starts_with("harbinger_session=") && !set.contains("Secure"),
            "{set}"
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
    s08_session_tokens_are_256_bit_and_stored_hashed,
    |app, _clock| {
        let cookie = user(&app, "s8@example.com").await;
        let token = cookie.split_once('=').unwrap().1.to_owned();
        assert_eq!(token.len(), 43);
        let store = &app.db.store;
        assert!(
            store.session_by_token(&token).await.unwrap().is_none(),
            "the raw token is not stored"
        );
        let hashed = harbinger_auth::token::hash_token(&token);
        assert!(store.session_by_token(&hashed).await.unwrap().is_some());
    }
);

both!(
    s10_logout_disable_and_password_change_end_sessions,
    |app, _clock| {
        let a = user(&app, "s10@example.com").await;
        assert_eq!(
            post(&app, "/api/v1/auth/logout", Some(&a), json!({}))
                .await
                .status(),
            200
        );
        assert_eq!(
            get(&app, "/api/v1/me", Some(&a)).await.status(),
            401,
            "replayed cookie"
        );
        // Password change: the other sessions end; the caller may keep theirs.
        let one = login(&app, "s10@example.com", PW).await;
        let two = login(&app, "s10@example.com", PW).await;
        let res = post(&app, "/api/v1/me/password", Some(&one), json!({"current_password": PW, "new_password": "another strong phrase 1", "keep_this_session": true})).await;
        assert_eq!(res.status(), 200);
        assert_eq!(get(&app, "/api/v1/me", Some(&two)).await.status(), 401);
        assert_eq!(get(&app, "/api/v1/me", Some(&one)).await.status(), 200);
        // "Log out the others".
        let three = login(&app, "s10@example.com", "another strong phrase 1").await;
        let sessions = json_of(get(&app, "/api/v1/me/sessions", Some(&one)).await).await;
        assert_eq!(sessions.as_array().unwrap().len(), 2);
        let ended = json_of(
            post(
                &app,
                "/api/v1/me/sessions/logout-others",
                Some(&one),
                json!({}),
            )
            .await,
        )
        .await;
        assert_eq!(ended["ended"], 1);
        assert_eq!(get(&app, "/api/v1/me", Some(&three)).await.status(), 401);
        // An admin disabling the account ends its sessions at once.
        let admin = user(&app, "admin10@example.com").await;
        make_admin(&app, "admin10@example.com").await;
        let id = user_id(&app, "s10@example.com").await;
        let res = app
            .client
            .put(format!("{}/api/v1/admin/users/{id}/disabled", app.url))
            .header("cookie", &admin)
            .json(&json!({"disabled": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(get(&app, "/api/v1/me", Some(&one)).await.status(), 401);
        let res = post(
            &app,
            "/api/v1/auth/login",
            None,
            json!({"email": "s10@example.com", "password": "another strong phrase 1"}),
        )
        .await;
        assert_eq!(res.status(), 401, "a disabled account cannot log in");
        let users = json_of(get(&app, "/api/v1/admin/users", Some(&admin)).await).await;
        let shown = users
            .as_array()
            .unwrap()
            .iter()
            .map(|u| {
                (
                    u["email"].as_str().unwrap(),
                    u["disabled"].as_bool().unwrap(),
                )
            })
            .collect::<Vec<_>>();
        assert!(shown.contains(&("s10@example.com", true)), "{shown:?}");
        assert!(shown.contains(&("admin10@example.com", false)), "{shown:?}");
    }
);

both!(s11_idle_timeout_and_absolute_lifetime, |app, clock| {
    let idle = user(&app, "s11@example.com").await;
    clock.advance_ms(29 * 60_000);
    assert_eq!(
        get(&app, "/api/v1/me", Some(&idle)).await.status(),
        200,
        "29 min idle is fine"
    );
    clock.advance_ms(30 * 60_000 + 1);
    assert_eq!(
        get(&app, "/api/v1/me", Some(&idle)).await.status(),
        401,
        "30 min idle ends it"
    );
    // Busy all day: still ends 12 h after login.
    let busy = login(&app, "s11@example.com", PW).await;
    for _ in 0..35 {
        clock.advance_ms(20 * 60_000);
        assert_eq!(get(&app, "/api/v1/me", Some(&busy)).await.status(), 200);
    }
    clock.advance_ms(20 * 60_000);
    assert_eq!(
        get(&app, "/api/v1/me", Some(&busy)).await.status(),
        401,
        "absolute 12 h"
    );
});

both!(s12_cross_origin_state_changes_are_refused, |app, _clock| {
    let cookie = user(&app, "s12@example.com").await;
    let evil = app
        .client
        .post(format!("{}/api/v1/auth/logout", app.url))
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(evil.status(), 403);
    assert_eq!(evil.headers()["content-type"], "application/problem+json");
    let fetch = app
        .client
        .post(format!("{}/api/v1/auth/logout", app.url))
        .header("cookie", &cookie)
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(fetch.status(), 403);
    assert_eq!(
        get(&app, "/api/v1/me", Some(&cookie)).await.status(),
        200,
        "still logged in"
    );
    // State never changes through GET.
    assert_eq!(
        get(&app, "/api/v1/auth/logout", Some(&cookie))
            .await
            .status(),
        405
    );
    let origin = app.url.clone();
    let same = app
        .client
        .post(format!("{}/api/v1/auth/logout", app.url))
        .header("cookie", &cookie)
        .header("origin", origin)
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), 200, "same origin is fine");
});
