//! API keys cover data only: credential and account management needs a signed-in session,
//! and a password change or reset revokes every key.

use harbinger_core::Plan;
use reqwest::Method;
use serde_json::json;

use super::support::*;

/// A request with a write-scoped key and a JSON body.
async fn with_key(
    app: &harbinger_testkit::TestApp,
    method: Method,
    path: &str,
    key: &str,
    body: serde_json::Value,
) -> reqwest::Response {
    app.client
        .request(method, format!("{}{path}", app.url))
        .bearer_auth(key)
        .json(&body)
        .send()
        .await
        .unwrap()
}

both!(
    a_write_key_cannot_manage_credentials_the_account_or_the_server,
    |app, _clock| {
        let cookie = user(&app, "keyholder@example.com").await;
        set_plan(&app, "keyholder@example.com", Plan::Quant).await;
        make_admin(&app, "keyholder@example.com").await;
        let created = new_key(&app, &cookie, json!(["read", "write"])).await;
        let key = created["key"].as_str().unwrap().to_owned();
        let key_id = created["id"].as_str().unwrap().to_owned();
        let session_id =
            json_of(get(&app, "/api/v1/me/sessions", Some(&cookie)).await).await[0]["id"]
                .as_str()
                .unwrap()
                .to_owned();
        let before = count_action(&app, "authz_fail").await;
        let refused = [
            (
                Method::POST,
                "/api/v1/api-keys".to_owned(),
                json!({"name": "spare", "scopes": ["read", "write"]}),
            ),
            (Method::GET, "/api/v1/api-keys".to_owned(), json!(null)),
            (
                Method::DELETE,
                format!("/api/v1/api-keys/{key_id}"),
                json!(null),
            ),
            (Method::GET, "/api/v1/me/sessions".to_owned(), json!(null)),
            (
                Method::POST,
                "/api/v1/me/sessions/logout-others".to_owned(),
                json!(null),
            ),
            (
                Method::DELETE,
                format!("/api/v1/me/sessions/{session_id}"),
                json!(null),
            ),
            (
                Method::POST,
                "/api/v1/me/email".to_owned(),
                json!({"password": PW, "new_email": "thief@example.com"}),
            ),
            (
                Method::POST,
                "/api/v1/me/password".to_owned(),
                json!({"current_password": PW, "new_password": "another-long-phrase-77"}),
            ),
            (
                Method::POST,
                "/api/v1/me/totp".to_owned(),
                json!({"password": PW}),
            ),
            (
                Method::POST,
                "/api/v1/me/totp/disable".to_owned(),
                json!({"password": PW, "code": "000000"}),
            ),
            (
                Method::POST,
                "/api/v1/me/delete".to_owned(),
                json!({"password": PW}),
            ),
            (Method::GET, "/api/v1/admin/users".to_owned(), json!(null)),
            (Method::GET, "/api/v1/admin/mailbox".to_owned(), json!(null)),
        ];
        for (method, path, body) in &refused {
            let res = with_key(&app, method.clone(), path, &key, body.clone()).await;
            assert_eq!(res.status(), 403, "{method} {path}");
            let problem = json_of(res).await;
            assert!(
                problem["type"]
                    .as_str()
                    .unwrap()
                    .ends_with("session-required"),
                "{method} {path}: {problem}"
            );
        }
        assert_eq!(
            count_action(&app, "authz_fail").await - before,
            refused.len(),
            "each refusal is audited"
        );
        // Data stays reachable with the key, and nothing above took effect.
        assert_eq!(
            bearer(&app, Method::GET, "/api/v1/me", &key).await.status(),
            200
        );
        assert_eq!(
            get(&app, "/api/v1/me", Some(&cookie)).await.status(),
            200,
            "session alive"
        );
        let keys = json_of(get(&app, "/api/v1/api-keys", Some(&cookie)).await).await;
        assert_eq!(
            keys.as_array().unwrap().len(),
            1,
            "no key was minted: {keys}"
        );
        assert!(keys[0]["revoked_at"].is_null());
    }
);

both!(
    a_password_change_revokes_every_api_key_and_says_so,
    |app, _clock| {
        let cookie = user(&app, "rotate@example.com").await;
        set_plan(&app, "rotate@example.com", Plan::Pro).await;
        let key = new_key(&app, &cookie, json!(["read"])).await["key"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            bearer(&app, Method::GET, "/api/v1/me", &key).await.status(),
            200
        );
        let res = post(
        &app,
        "/api/v1/me/password",
        Some(&cookie),
        json!({"current_password": PW, "new_password": "a-brand-new-passphrase-93", "keep_this_session": true}),
    )
    .await;
        assert_eq!(res.status(), 200);
        assert_eq!(
            bearer(&app, Method::GET, "/api/v1/me", &key).await.status(),
            401
        );
        let mail = last_mail(&app, "rotate@example.com").await;
        assert!(mail.contains("API key"), "{mail}");
    }
);

both!(
    a_password_reset_revokes_every_api_key_and_says_so,
    |app, _clock| {
        let cookie = user(&app, "reset-keys@example.com").await;
        set_plan(&app, "reset-keys@example.com", Plan::Pro).await;
        let key = new_key(&app, &cookie, json!(["read"])).await["key"]
            .as_str()
            .unwrap()
            .to_owned();
        let res = post(
            &app,
            "/api/v1/auth/forgot-password",
            None,
            json!({"email": "reset-keys@example.com"}),
        )
        .await;
        assert!(res.status().is_success());
        let token = token_in(&last_mail(&app, "reset-keys@example.com").await);
        let res = post(
            &app,
            "/api/v1/auth/reset-password",
            None,
            json!({"token": token, "password": "a-brand-new-passphrase-94"}),
        )
        .await;
        assert_eq!(res.status(), 200);
        assert_eq!(
            bearer(&app, Method::GET, "/api/v1/me", &key).await.status(),
            401
        );
        let mail = last_mail(&app, "reset-keys@example.com").await;
        assert!(mail.contains("API key"), "{mail}");
    }
);

both!(
    mailed_links_point_at_the_port_the_server_bound,
    |app, _clock| {
        // The test server listens on port 0 and has no public URL configured.
        assert_eq!(register(&app, "links@example.com", PW).await.status(), 201);
        let mail = last_mail(&app, "links@example.com").await;
        assert!(
            mail.contains(&format!("{}/verify-email?token=", app.url)),
            "{mail}"
        );
    }
);
