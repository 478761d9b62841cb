use harbinger_testkit::{Backend, spawn_app_with};
use serde_json::Value;

both_backends!(healthz_is_ok_with_request_id_and_security_headers, |app| {
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    assert!(
        h.get("x-request-id").is_some_and(|v| v.len() >= 32),
        "request id echoed"
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    let csp = h["content-security-policy"].to_str().unwrap();
    for d in [
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(d), "CSP has {d}: {csp}");
    }
    assert_eq!(h["cache-control"], "no-store");
    assert!(
        h.get("strict-transport-security").is_none(),
        "no HSTS over plain http"
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
});

both_backends!(readyz_reports_database_and_migrations, |app| {
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ready");
    assert_eq!(body["checks"]["database"]["ok"], true);
    assert_eq!(body["checks"]["migrations"]["ok"], true);
    assert!(
        body["checks"].get("redis").is_none(),
        "redis is not configured"
    );
    assert_eq!(body["checks"]["market"]["ok"], true);
    assert_eq!(body["checks"]["market"]["detail"], "replay closed");
});

#[tokio::test]
async fn readyz_includes_redis_when_configured() {
    let redis = std::env::var("HARBINGER_TEST_REDIS_URL")
        .unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let app = spawn_app_with(Backend::Sqlite, |c| {
        c.redis_url = Some(harbinger::config::Secret::new(redis));
    })
    .await;
    let body: Value = app.get("/readyz").await.json().await.unwrap();
    assert_eq!(body["checks"]["redis"]["ok"], true, "{body}");
    assert_eq!(body["status"], "ready");
}

#[tokio::test]
async fn readyz_is_503_naming_redis_when_it_is_unreachable() {
    let app = spawn_app_with(Backend::Sqlite, |c| {
        c.redis_url = Some(harbinger::config::Secret::new("redis://127.0.0.1:1"));
    })
    .await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 503);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "not_ready");
    assert_eq!(body["checks"]["redis"]["ok"], false);
    assert_eq!(body["checks"]["database"]["ok"], true);
}

#[tokio::test]
async fn https_public_url_turns_on_hsts() {
    let app = spawn_app_with(Backend::Sqlite, |c| {
        c.public_url = Some("https://signals.example.com".into());
    })
    .await;
    let res = app.get("/healthz").await;
    let hsts = res.headers()["strict-transport-security"].to_str().unwrap();
    assert!(
        hsts.contains("includeSubDomains") && hsts.contains("max-age=63072000"),
        "{hsts}"
    );
}

/// The database goes away and comes back: readiness follows without a restart.
#[tokio::test]
async fn readyz_follows_the_database_down_and_back() {
    let app = harbinger_testkit::spawn_app(Backend::Postgres).await;
    let db_name = app.db.url.rsplit('/').next().unwrap().to_owned();
    let admin = harbinger_store::testing::pg_admin_url();
    let admin = Admin(admin);
    assert_eq!(app.get("/readyz").await.status(), 200);

    admin
        .execute(&format!("ALTER DATABASE {db_name} ALLOW_CONNECTIONS false"))
        .await;
    admin
        .execute(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db_name}'"
        ))
        .await;
    // A check answers for a second, so the outage shows within about that.
    let mut body = Value::Null;
    for _ in 0..30 {
        let res = app.get("/readyz").await;
        if res.status() == 503 {
            body = res.json().await.unwrap();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(body["checks"]["database"]["ok"], false, "{body}");

    admin
        .execute(&format!("ALTER DATABASE {db_name} ALLOW_CONNECTIONS true"))
        .await;
    let mut status = 0;
    for _ in 0..50 {
        status = app.get("/readyz").await.status().as_u16();
        if status == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, 200, "ready again once the database is back");
}

/// Runs administrative SQL for the fault test through psql, as an operator would.
struct Admin(String);

impl Admin {
    async fn execute(&self, sql: &str) {
        let out = tokio::process::Command::new("psql")
            .arg(&self.0)
            .arg("-v")
            .arg("ON_ERROR_STOP=1")
            .arg("-qc")
            .arg(sql)
            .output()
            .await
            .expect("psql runs");
        assert!(
            out.status.success(),
            "psql {sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
