//! S13–S17: API keys, scopes, object-level authorization, admin routes, mass assignment.

use harbinger_core::Plan;
use reqwest::Method;
use serde_json::{Value, json};

use super::support::*;

both!(
    s13_api_keys_shown_once_hashed_revocable_never_in_urls,
    |app, _clock| {
        let cookie = user(&app, "s13@example.com").await;
        let refused = post(
            &app,
            "/api/v1/api-keys",
            Some(&cookie),
            json!({"name": "x", "scopes": ["read"]}),
        )
        .await;
        assert_eq!(refused.status(), 403, "the free plan has no keys");
        set_plan(&app, "s13@example.com", Plan::Pro).await;
        let created = new_key(&app, &cookie, json!(["read", "write"])).await;
        let key = created["key"].as_str().unwrap().to_owned();
        let prefix = created["prefix"].as_str().unwrap().to_owned();
        assert!(
            key.starts_with(&prefix) && key.len() >= 4 + 8 + 1 + 43,
            "{key}"
        );
        let listed = get(&app, "/api/v1/api-keys", Some(&cookie))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            listed.contains(&prefix) && !listed.contains(&key),
            "shown once: {listed}"
        );
        assert_eq!(
            bearer(&app, Method::GET, "/api/v1/me", &key).await.status(),
            200
        );
        let q = app
            .client
            .get(format!("{}/api/v1/me?api_key={key}", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(q.status(), 400, "keys are refused in URLs");
        // The pro plan allows one live key.
        let second = post(
            &app,
            "/api/v1/api-keys",
            Some(&cookie),
            json!({"name": "two", "scopes": ["read"]}),
        )
        .await;
        assert_eq!(second.status(), 403);
        let id = created["id"].as_str().unwrap();
        let res = app
            .client
            .delete(format!("{}/api/v1/api-keys/{id}", app.url))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(
            bearer(&app, Method::GET, "/api/v1/me", &key).await.status(),
            401,
            "revoked on the next request"
        );
        let stored = app
            .db
            .store
            .api_key_by_hash(&harbinger_auth::token::hash_token(&key))
            .await
            .unwrap();
        assert!(stored.is_none());
    }
);

both!(s14_read_only_key_cannot_mutate, |app, _clock| {
    let cookie = user(&app, "s14@example.com").await;
    set_plan(&app, "s14@example.com", Plan::Quant).await;
    let ro = new_key(&app, &cookie, json!(["read"])).await["key"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        bearer(&app, Method::GET, "/api/v1/watchlist", &ro)
            .await
            .status(),
        200
    );
    for m in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
        let res = bearer(&app, m.clone(), "/api/v1/watchlist", &ro).await;
        assert_eq!(res.status(), 403, "{m}");
    }
    assert!(count_action(&app, "authz_fail").await >= 4);
    let rw = new_key(&app, &cookie, json!(["read", "write"])).await["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = app
        .client
        .put(format!("{}/api/v1/watchlist", app.url))
        .bearer_auth(&rw)
        .json(&json!({"symbols": ["AAPL"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "a write key writes data");
});

both!(
    s15_route_table_other_users_objects_are_404,
    |app, _clock| {
        let a = user(&app, "owner@example.com").await;
        let b = user(&app, "intruder@example.com").await;
        set_plan(&app, "owner@example.com", Plan::Quant).await;
        let key_id = new_key(&app, &a, json!(["read"])).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let sessions = json_of(get(&app, "/api/v1/me/sessions", Some(&a)).await).await;
        let session_id = sessions[0]["id"].as_str().unwrap().to_owned();
        let backtest = post(
            &app,
            "/api/v1/backtests",
            Some(&a),
            json!({"strategy": "sma_cross", "symbols": ["AAPL"]}),
        )
        .await;
        assert_eq!(backtest.status(), 202);
        let backtest_id = json_of(backtest).await["id"].as_str().unwrap().to_owned();
        let portfolio = post(&app, "/api/v1/portfolios", Some(&a), json!({"name": "A's"})).await;
        assert_eq!(portfolio.status(), 201);
        let portfolio_id = json_of(portfolio).await["id"].as_str().unwrap().to_owned();
        let tx = post(
            &app,
            &format!("/api/v1/portfolios/{portfolio_id}/transactions"),
            Some(&a),
            json!({"kind": "cash_in", "time": "2024-01-02", "quantity": "100"}),
        )
        .await;
        assert_eq!(tx.status(), 201);
        let tx_id = json_of(tx).await["id"].as_str().unwrap().to_owned();
        // Every route with an id in its path, from the served OpenAPI document. A new route
        // without an entry here fails the test until its owner adds one.
        let objects: &[(&str, &str)] = &[
            ("/api/v1/api-keys/{id}", &key_id),
            ("/api/v1/me/sessions/{id}", &session_id),
            ("/api/v1/backtests/{id}", &backtest_id),
            ("/api/v1/portfolios/{id}", &portfolio_id),
            ("/api/v1/portfolios/{id}/transactions", &portfolio_id),
            ("/api/v1/portfolios/{id}/transactions/import", &portfolio_id),
            (
                "/api/v1/portfolios/{id}/transactions/{tx_id}",
                &portfolio_id,
            ),
        ];
        let spec = json_of(get(&app, "/api/openapi.json", None).await).await;
        let mut checked = 0;
        for (path, ops) in spec["paths"].as_object().unwrap() {
            // Market data is public and owned by nobody: its `{symbol}` is not an object id.
            // Signals are published to every subscriber (the plan decides when they see the
            // content), so a signal id is not one user's object either.
            if !path.contains('{')
                || path.starts_with("/api/v1/admin/")
                || path.starts_with("/api/v1/market/")
                || path.starts_with("/api/v1/signals/")
            {
                continue;
            }
            let id = objects.iter().find(|(p, _)| p == path).map_or_else(
                || panic!("{path}: add the owner's object to this table"),
                |(_, id)| *id,
            );
            for method in ops.as_object().unwrap().keys() {
                let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let url = format!(
                    "{}{}",
                    app.url,
                    path.replace("{id}", id).replace("{tx_id}", &tx_id)
                );
                let res = app
                    .client
                    .request(m.clone(), &url)
                    .header("cookie", &b)
                    .json(&json!({}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 404, "{m} {path} as another user");
                checked += 1;
            }
        }
        assert!(checked >= 10);
        // The owner still has both.
        assert_eq!(
            get(&app, "/api/v1/me/sessions", Some(&a)).await.status(),
            200
        );
        let keys = json_of(get(&app, "/api/v1/api-keys", Some(&a)).await).await;
        assert!(keys[0]["revoked_at"].is_null());
        let txs = format!("/api/v1/portfolios/{portfolio_id}/transactions");
        let kept = json_of(get(&app, &txs, Some(&a)).await).await;
        assert_eq!(kept.as_array().unwrap().len(), 1, "A's portfolio is intact");
    }
);

both!(s16_non_admins_get_403_on_admin_routes, |app, _clock| {
    let cookie = user(&app, "s16@example.com").await;
    let id = user_id(&app, "s16@example.com").await;
    for path in [
        "/api/v1/admin/users",
        "/api/v1/admin/audit",
        "/api/v1/admin/mailbox",
        "/api/v1/admin/jobs",
    ] {
        assert_eq!(get(&app, path, Some(&cookie)).await.status(), 403, "{path}");
        assert_eq!(get(&app, path, None).await.status(), 401, "{path}");
    }
    let res = app
        .client
        .put(format!("{}/api/v1/admin/users/{id}/role", app.url))
        .header("cookie", &cookie)
        .json(&json!({"role": "admin"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403, "no self-promotion");
    assert_eq!(count_action(&app, "authz_fail").await, 5);
    make_admin(&app, "s16@example.com").await;
    let users = json_of(get(&app, "/api/v1/admin/users", Some(&cookie)).await).await;
    assert_eq!(users[0]["email"], "s16@example.com");
    let audit = json_of(
        get(
            &app,
            "/api/v1/admin/audit?action=authz_fail&limit=100",
            Some(&cookie),
        )
        .await,
    )
    .await;
    assert_eq!(audit.as_array().unwrap().len(), 5);
    // The configured chain (the default: replay alone), with its breaker.
    let providers = json_of(get(&app, "/api/v1/admin/providers", Some(&cookie)).await).await;
    assert_eq!(providers[0]["provider"], "replay", "{providers}");
    assert_eq!(providers[0]["breaker"], "closed");
});

both!(
    s17_mass_assignment_is_refused_and_no_secrets_leave,
    |app, _clock| {
        let res = post(
            &app,
            "/api/v1/auth/register",
            None,
            json!({"email": "s17@example.com", "password": PW, "role": "admin"}),
        )
        .await;
        assert_eq!(res.status(), 400);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let cookie = user(&app, "s17@example.com").await;
        for extra in [
            json!({"role": "admin"}),
            json!({"plan": "quant"}),
            json!({"is_admin": true}),
            json!({"stripe_customer_id": "cus_1"}),
        ] {
            let res = app
                .client
                .patch(format!("{}/api/v1/me", app.url))
                .header("cookie", &cookie)
                .json(&extra)
                .send()
                .await
                .unwrap();
            assert!(res.status() == 405 || res.status() == 400, "{extra}");
            let mut body = extra.clone();
            body["current_password"] = json!(PW);
            body["new_password"] = json!("something else 12345");
            let res = post(&app, "/api/v1/me/password", Some(&cookie), body).await;
            assert_eq!(res.status(), 400, "unknown fields refused: {extra}");
        }
        let me = get(&app, "/api/v1/me", Some(&cookie))
            .await
            .text()
            .await
            .unwrap();
        let v: Value = serde_json::from_str(&me).unwrap();
        assert_eq!(
            (v["role"].as_str(), v["plan"].as_str()),
            (Some("user"), Some("free"))
        );
        for secret in [
            "password_hash",
            "argon2",
            "secret_hash",
            "token_hash",
            "totp_secret",
        ] {
            assert!(!me.contains(secret), "{secret} in {me}");
        }
    }
);
