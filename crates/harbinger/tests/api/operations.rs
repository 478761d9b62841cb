//! The operations endpoints cannot be used to load the server (RELIABILITY S27): `/metrics`
//! takes an optional bearer token and renders from memory, `/readyz` runs one check a second
//! over connections it already has, and both share a per-address quota.

use std::collections::BTreeSet;
use std::time::Duration;

use harbinger_testkit::{Backend, TestApp, spawn_app_with};
use serde_json::Value;

const TOKEN: &str = "scrape-7f3a9c1e5b2d4f60";

async fn get_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut r = app.client.get(format!("{}{path}", app.url));
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    r.send().await.unwrap()
}

#[tokio::test]
async fn metrics_need_the_configured_bearer_token() {
    crate::logs::capture();
    let app = spawn_app_with(Backend::Sqlite, |c| {
        c.metrics.token = Some(harbinger::config::Secret::new(TOKEN));
    })
    .await;
    let wrong = format!("Bearer {TOKEN}x");
    let basic = format!("Basic {TOKEN}");
    for (why, auth) in [
        ("no header", None),
        ("wrong token", Some(wrong.as_str())),
        ("empty bearer", Some("Bearer ")),
        ("another scheme", Some(basic.as_str())),
    ] {
        let headers: Vec<(&str, &str)> = auth.map(|a| ("authorization", a)).into_iter().collect();
        let res = get_with(&app, "/metrics", &headers).await;
        assert_eq!(res.status(), 401, "{why}");
        assert_eq!(res.headers()["www-authenticate"], "Bearer", "{why}");
        assert_eq!(
            res.headers()["content-type"],
            "application/problem+json",
            "{why}"
        );
        let text = res.text().await.unwrap();
        assert!(!text.contains("harbinger_http_requests_total"), "{why}");
        assert!(!text.contains(TOKEN), "{why}");
    }
    let right = format!("Bearer {TOKEN}");
    let res = get_with(&app, "/metrics", &[("authorization", &right)]).await;
    assert_eq!(res.status(), 200);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("harbinger_http_requests_total")
    );
    assert!(
        !crate::logs::text().contains(TOKEN),
        "the metrics token reached the logs"
    );
}

/// The `sqlx::query` log lines of the request with id `id`. Every statement is logged at
/// debug level inside the request's span, which carries its id.
fn queries_of(id: &str) -> Vec<String> {
    let tag = format!("request_id={id}");
    crate::logs::text()
        .lines()
        .filter(|l| l.contains(&tag) && l.contains("sqlx::query"))
        .map(str::to_owned)
        .collect()
}

both_backends!(metrics_scrapes_never_query_the_database, |app| {
    crate::logs::capture();
    let run = uuid::Uuid::new_v4().simple().to_string();
    // The control: a readiness check does query, and the log shows it under its request id.
    let ready = format!("readyz-{run}");
    let res = get_with(&app, "/readyz", &[("x-request-id", &ready)]).await;
    assert_eq!(res.status(), 200);
    assert!(
        !queries_of(&ready).is_empty(),
        "the log does not show a readiness check's queries; the proof below would be empty"
    );
    for i in 0..20 {
        let id = format!("metrics-{run}-{i}");
        let res = get_with(&app, "/metrics", &[("x-request-id", &id)]).await;
        assert_eq!(res.status(), 200);
        let text = res.text().await.unwrap();
        assert!(text.contains("harbinger_jobs{"), "job counts are exported");
        assert_eq!(queries_of(&id), Vec::<String>::new(), "scrape {i} queried");
    }
});

fn checked_at(body: &Value) -> i64 {
    body["checked_at"].as_i64().unwrap()
}

both_backends!(readyz_runs_one_check_a_second_for_every_caller, |app| {
    crate::logs::capture();
    let run = uuid::Uuid::new_v4().simple().to_string();
    let started = std::time::Instant::now();
    let calls = (0..20).map(|i| {
        let id = format!("ready-{run}-{i}");
        let app = &app;
        async move {
            let res = get_with(app, "/readyz", &[("x-request-id", &id)]).await;
            assert_eq!(res.status(), 200);
            (id, res.json::<Value>().await.unwrap())
        }
    });
    let answers = futures::future::join_all(calls).await;
    let times: BTreeSet<i64> = answers.iter().map(|(_, b)| checked_at(b)).collect();
    assert_eq!(
        times.len(),
        1,
        "20 concurrent callers share one check: {times:?}"
    );
    let checked = answers.iter().filter(|(id, _)| !queries_of(id).is_empty());
    assert_eq!(checked.count(), 1, "exactly one caller ran the check");
    let first = *times.first().unwrap();

    // Within the second: the same check again. (The second counts from the check's end,
    // after `started`; on a loaded machine the batch alone may take longer than that.)
    let again: Value = app.get("/readyz").await.json().await.unwrap();
    if started.elapsed() < Duration::from_secs(1) {
        assert_eq!(checked_at(&again), first, "{again}");
    }
    // Past it: a fresh one.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let fresh: Value = app.get("/readyz").await.json().await.unwrap();
    assert!(checked_at(&fresh) > first, "{fresh}");
});

/// The Redis connections of database `db` whose last command was PING: (id, …).
async fn pinging(redis: &str, db: u32) -> Vec<String> {
    let client = redis::Client::open(redis).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let list: String = redis::cmd("CLIENT")
        .arg("LIST")
        .query_async(&mut conn)
        .await
        .unwrap();
    let db = format!(" db={db} ");
    list.lines()
        .filter(|l| l.contains(&db) && l.contains(" cmd=ping "))
        .filter_map(|l| l.split(' ').find(|f| f.starts_with("id=")))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn readyz_pings_redis_over_one_kept_connection() {
    // A database of its own, so the only PINGs there are this server's.
    const DB: u32 = 11;
    let base = std::env::var("HARBINGER_TEST_REDIS_URL")
        .unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let url = format!("{}/{DB}", base.trim_end_matches('/'));
    let app = spawn_app_with(Backend::Sqlite, |c| {
        c.redis_url = Some(harbinger::config::Secret::new(url.clone()));
        c.http.operations_requests_per_minute = 100_000;
    })
    .await;
    let mut last = 0;
    let mut ids = None;
    for round in 0..3 {
        if round > 0 {
            // Let the last check age past its second, so this round starts with a new one.
            tokio::time::sleep(Duration::from_millis(1_100)).await;
        }
        let body: Value = app.get("/readyz").await.json().await.unwrap();
        assert_eq!(body["checks"]["redis"]["ok"], true, "{body}");
        assert!(
            checked_at(&body) > last,
            "round {round} ran a check: {body}"
        );
        last = checked_at(&body);
        // The check's PING was the last command on the connection it used.
        let now = pinging(&url, DB).await;
        assert_eq!(
            now.len(),
            1,
            "round {round}: one connection pinged: {now:?}"
        );
        match &ids {
            None => ids = Some(now),
            Some(before) => assert_eq!(&now, before, "round {round}: the same connection"),
        }
        for _ in 0..49 {
            let body: Value = app.get("/readyz").await.json().await.unwrap();
            assert_eq!(body["checks"]["redis"]["ok"], true, "{body}");
            last = last.max(checked_at(&body));
        }
    }
}

#[tokio::test]
async fn readyz_and_metrics_share_a_per_address_quota() {
    let app = spawn_app_with(Backend::Sqlite, |c| {
        c.http.operations_requests_per_minute = 5;
    })
    .await;
    for path in ["/readyz", "/metrics", "/readyz", "/metrics", "/readyz"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(
            res.headers()["ratelimit-policy"],
            "\"operations\";q=5;w=60",
            "{path}"
        );
    }
    for path in ["/metrics", "/readyz"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 429, "{path}");
        let wait: u64 = res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&wait), "{path}: Retry-After {wait}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let p: Value = res.json().await.unwrap();
        assert!(
            p["type"].as_str().unwrap().ends_with("/rate-limited"),
            "{p}"
        );
    }
    // Liveness is not part of it.
    assert_eq!(app.get("/healthz").await.status(), 200);
}
