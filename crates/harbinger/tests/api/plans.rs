//! The public descriptions the landing and sign-up pages read: plans and password rules.

use harbinger_testkit::{Backend, spawn_app_with};
use serde_json::Value;

use crate::accounts::support::register;

#[tokio::test]
async fn plans_are_the_configured_limits_in_ascending_order() {
    let app = spawn_app_with(Backend::Sqlite, |c| {
        c.plans.pro.watchlist_symbols = 42;
        c.plans.quant.ai_notes_per_day = 7;
    })
    .await;
    let res = app.get("/api/v1/plans").await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let plans = body["plans"].as_array().unwrap();
    let ids: Vec<&str> = plans.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["free", "pro", "quant"]);
    assert_eq!(plans[0]["signal_delay_hours"], 24);
    assert_eq!(plans[0]["websocket_connections"], 0);
    assert_eq!(plans[0]["csv_export"], false);
    assert_eq!(plans[1]["watchlist_symbols"], 42, "read from configuration");
    assert_eq!(plans[2]["ai_notes_per_day"], 7, "read from configuration");
    assert_eq!(plans[2]["api_keys"], 10);
    assert_eq!(body["billing"]["checkout"], false, "checkout is not built");
}

#[tokio::test]
async fn password_rules_match_what_registration_enforces() {
    let app = spawn_app_with(Backend::Sqlite, |_| {}).await;
    let rules: Value = app
        .get("/api/v1/auth/password-rules")
        .await
        .json()
        .await
        .unwrap();
    let min = rules["min_chars"].as_u64().unwrap() as usize;
    assert_eq!(min, 8);
    assert_eq!(rules["max_chars"], 1024);
    let short = "x".repeat(min - 1);
    let res = register(&app, "rules@example.com", &short).await;
    assert!(
        res.status().is_client_error(),
        "one character under the rule is refused: {}",
        res.status()
    );
    let long = "x".repeat(rules["max_chars"].as_u64().unwrap() as usize + 1);
    let res = register(&app, "rules@example.com", &long).await;
    assert!(res.status().is_client_error(), "one over the maximum too");
}

#[tokio::test]
async fn usage_counts_what_the_caller_uses_against_the_plan() {
    use crate::accounts::support::{get, new_key, post, set_plan, user};
    let (app, _clock) =
        crate::accounts::support::spawn(Backend::Sqlite, |c| c.plans.pro.watchlist_symbols = 7)
            .await;
    let cookie = user(&app, "usage@example.com").await;
    let fresh: Value = get(&app, "/api/v1/billing/usage", Some(&cookie))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(fresh["plan"], "free");
    assert_eq!(fresh["api_keys"]["limit"], 0);
    assert_eq!(fresh["portfolios"]["used"], 0);
    set_plan(&app, "usage@example.com", harbinger_core::Plan::Pro).await;
    new_key(&app, &cookie, serde_json::json!(["read"])).await;
    let res = app
        .client
        .put(format!("{}/api/v1/watchlist", app.url))
        .header("cookie", &cookie)
        .json(&serde_json::json!({"symbols": ["AAPL", "MSFT"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = post(
        &app,
        "/api/v1/portfolios",
        Some(&cookie),
        serde_json::json!({"name": "Core"}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let res = get(&app, "/api/v1/billing/usage", Some(&cookie)).await;
    assert_eq!(res.status(), 200);
    let u: Value = res.json().await.unwrap();
    assert_eq!(u["plan"], "pro");
    assert_eq!(u["api_keys"], serde_json::json!({"used": 1, "limit": 1}));
    assert_eq!(
        u["watchlist_symbols"],
        serde_json::json!({"used": 2, "limit": 7})
    );
    assert_eq!(u["portfolios"], serde_json::json!({"used": 1, "limit": 10}));
    assert_eq!(
        u["ai_notes_today"],
        serde_json::json!({"used": 0, "limit": 20})
    );
    assert_eq!(u["day"].as_str().unwrap().len(), 10, "{u}");
    let anonymous = app.get("/api/v1/billing/usage").await;
    assert_eq!(anonymous.status(), 401);
}
