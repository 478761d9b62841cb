//! S19–S21, S24, S25, S27, S29, S32 and shared rate limits through Redis.

use serde_json::json;

use super::support::*;

both!(s19_body_limit_bad_json_and_content_type, |app, _clock| {
    let url = format!("{}/api/v1/auth/register", app.url);
    let big = format!(
        "{{\"email\":\"a@b.co\",\"password\":\"{}\"}}",
        "x".repeat(1024 * 1024)
    );
    let res = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    let res = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body = res.text().await.unwrap();
    assert!(
        !body.contains("panicked") && !body.contains("src/"),
        "{body}"
    );
    let res = app
        .client
        .post(&url)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 415);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
});

#[test]
fn s20_no_sql_is_built_with_format() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut offenders = Vec::new();
    for krate in std::fs::read_dir(&root).unwrap() {
        let src = krate.unwrap().path().join("src");
        let mut stack = vec![src];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("testing.rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    if text.contains("AssertSqlSafe") || text.contains("query(&format!") {
                        offenders.push(p.display().to_string());
                    }
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "SQL built from strings outside test helpers: {offenders:?}"
    );
}

both!(s21_page_size_caps, |app, _clock| {
    let cookie = user(&app, "s21@example.com").await;
    make_admin(&app, "s21@example.com").await;
    assert_eq!(
        get(&app, "/api/v1/admin/audit?limit=101", Some(&cookie))
            .await
            .status(),
        400
    );
    assert_eq!(
        get(&app, "/api/v1/admin/users?limit=0", Some(&cookie))
            .await
            .status(),
        400
    );
    assert_eq!(
        get(&app, "/api/v1/admin/audit?limit=100", Some(&cookie))
            .await
            .status(),
        200
    );
    let long_name = "n".repeat(101);
    set_plan(&app, "s21@example.com", harbinger_core::Plan::Quant).await;
    let res = post(
        &app,
        "/api/v1/api-keys",
        Some(&cookie),
        json!({"name": long_name, "scopes": ["read"]}),
    )
    .await;
    assert_eq!(res.status(), 422);
    let res = post(
        &app,
        "/api/v1/api-keys",
        Some(&cookie),
        json!({"name": "n", "scopes": ["read", "write", "read"]}),
    )
    .await;
    assert_eq!(res.status(), 400);
});

mod s24_rate_limit_headers_and_429 {
    use super::*;

    async fn run(backend: harbinger_testkit::Backend) {
        let (app, _clock) = spawn(backend, |c| c.auth.anonymous_requests_per_minute = 3).await;
        for i in 0..3 {
            let res = get(&app, "/api/v1/me", None).await;
            assert_eq!(res.status(), 401);
            assert_eq!(res.headers()["ratelimit-policy"], "\"anonymous\";q=3;w=60");
            let state = res.headers()["ratelimit"].to_str().unwrap().to_owned();
            assert!(
                state.starts_with(&format!("\"anonymous\";r={};t=", 2 - i)),
                "{state}"
            );
        }
        let res = get(&app, "/api/v1/me", None).await;
        assert_eq!(res.status(), 429);
        let retry: u64 = res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=20).contains(&retry), "{retry}");
        assert!(res.headers().contains_key("ratelimit"));
        assert_eq!(res.headers()["content-type"], "application/problem+json");
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

both!(s25_security_headers_and_no_store, |app, _clock| {
    let cookie = user(&app, "s25@example.com").await;
    let res = get(&app, "/api/v1/me", Some(&cookie)).await;
    let h = res.headers();
    assert_eq!(h["cache-control"], "no-store");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h.contains_key("referrer-policy"));
    let csp = h["content-security-policy"].to_str().unwrap();
    for d in [
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(d), "{d}");
    }
    assert!(
        !h.contains_key("access-control-allow-origin"),
        "no CORS: same origin only"
    );
    let pre = app
        .client
        .request(reqwest::Method::OPTIONS, format!("{}/api/v1/me", app.url))
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert!(!pre.headers().contains_key("access-control-allow-origin"));
});

both!(s27_undeclared_methods_are_405, |app, _clock| {
    for (m, path) in [
        (reqwest::Method::PUT, "/api/v1/auth/login"),
        (reqwest::Method::DELETE, "/api/v1/me"),
        (reqwest::Method::TRACE, "/api/v1/api-keys"),
    ] {
        let res = app
            .client
            .request(m.clone(), format!("{}{path}", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 405, "{m} {path}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }
});

both!(s29_planted_secrets_never_reach_the_logs, |app, _clock| {
    let password = "Planted-Secret-Password-8c1f";
    register(&app, "s29@example.com", password).await;
    verify(&app, "s29@example.com").await;
    let cookie = login(&app, "s29@example.com", password).await;
    set_plan(&app, "s29@example.com", harbinger_core::Plan::Pro).await;
    let key = json_of(
        post(
            &app,
            "/api/v1/api-keys",
            Some(&cookie),
            json!({"name": "k", "scopes": ["read"]}),
        )
        .await,
    )
    .await["key"]
        .as_str()
        .unwrap()
        .to_owned();
    bearer(&app, reqwest::Method::GET, "/api/v1/me", &key).await;
    app.client
        .get(format!("{}/api/v1/me?api_key={key}", app.url))
        .send()
        .await
        .unwrap();
    post(
        &app,
        "/api/v1/auth/login",
        None,
        json!({"email": "s29@example.com", "password": "whsec_planted 4242 4242 4242 4242"}),
    )
    .await;
    post(
        &app,
        "/api/v1/auth/forgot-password",
        None,
        json!({"email": "s29@example.com"}),
    )
    .await;
    let reset = token_in(&last_mail(&app, "s29@example.com").await);
    let session = cookie.split_once('=').unwrap().1.to_owned();
    let logs = crate::logs::text();
    assert!(
        logs.contains("s29") || logs.contains("request"),
        "the capture works"
    );
    for secret in [
        password,
        &key,
        &session,
        &reset,
        "whsec_planted",
        "4242 4242 4242 4242",
    ] {
        assert!(!logs.contains(secret), "a secret reached the logs");
    }
    // Nor the audit log.
    let rows = app
        .db
        .store
        .audit_rows(&harbinger_store::AuditQuery {
            after_seq: 0,
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap();
    let text = serde_json::to_string(&rows).unwrap();
    for secret in [password, &key, &session, &reset] {
        assert!(!text.contains(secret), "a secret reached the audit log");
    }
});

#[test]
fn s32_every_crate_forbids_unsafe_code() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for krate in std::fs::read_dir(&root).unwrap() {
        let dir = krate.unwrap().path();
        let lib = dir.join("src/lib.rs");
        let main = dir.join("src/main.rs");
        let file = if lib.exists() { lib } else { main };
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.contains("#![forbid(unsafe_code)]"),
            "{}",
            file.display()
        );
    }
}

/// R2: two servers sharing one Redis together admit no more than the limit.
#[tokio::test]
async fn two_servers_on_one_redis_share_the_limit() {
    let redis_url = std::env::var("HARBINGER_TEST_REDIS_URL")
        .unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let client = redis::Client::open(redis_url.as_str()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let _: () = redis::cmd("DEL")
        .arg("harbinger:rl:ip:127.0.0.1")
        .query_async(&mut conn)
        .await
        .unwrap();
    let tweak = |c: &mut harbinger::config::Config| {
        c.redis_url = Some(harbinger::config::Secret::new(redis_url.clone()));
        c.auth.anonymous_requests_per_minute = 10;
    };
    let one = harbinger_testkit::spawn_app_with(harbinger_testkit::Backend::Sqlite, tweak).await;
    let two = harbinger_testkit::spawn_app_with(harbinger_testkit::Backend::Sqlite, tweak).await;
    let mut admitted = 0;
    for i in 0..30 {
        let app = if i % 2 == 0 { &one } else { &two };
        if get(app, "/api/v1/me", None).await.status() != 429 {
            admitted += 1;
        }
    }
    assert_eq!(admitted, 10, "q = 10 across both replicas");
    let _: () = redis::cmd("DEL")
        .arg("harbinger:rl:ip:127.0.0.1")
        .query_async(&mut conn)
        .await
        .unwrap();
}

/// A redis-server of the test's own on a free port, so the test can kill it.
struct OwnRedis {
    child: std::process::Child,
    url: String,
}

impl OwnRedis {
    async fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = std::process::Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("redis-server on PATH (the CI starts the same binary)");
        let own = Self {
            child,
            url: format!("redis://127.0.0.1:{port}"),
        };
        let client = redis::Client::open(own.url.as_str()).unwrap();
        for _ in 0..100 {
            if let Ok(mut c) = client.get_multiplexed_async_connection().await {
                let pong: Result<String, _> = redis::cmd("PING").query_async(&mut c).await;
                if pong.is_ok() {
                    return own;
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("redis-server on port {port} did not start");
    }

    /// `kill -9`, as RELIABILITY F3 asks.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        self.kill();
    }
}

/// F3: with Redis killed, sessions still work (the database is their source of truth),
/// reads are served, and logins are still throttled by the in-process fallback: the auth
/// routes never fail open.
mod redis_killed_login_stays_throttled_and_reads_are_served {
    use super::*;

    async fn run(backend: harbinger_testkit::Backend) {
        let mut redis = OwnRedis::start().await;
        let url = redis.url.clone();
        let (app, _clock) = spawn(backend, |c| {
            c.redis_url = Some(harbinger::config::Secret::new(url));
        })
        .await;
        let cookie = user(&app, "f3@example.com").await;
        assert_eq!(get(&app, "/api/v1/me", Some(&cookie)).await.status(), 200);
        redis.kill();
        assert_eq!(get(&app, "/api/v1/me", Some(&cookie)).await.status(), 200);
        assert_eq!(get(&app, "/api/v1/ledger/head", None).await.status(), 200);
        let ready = get(&app, "/readyz", None).await;
        assert_eq!(ready.status(), 503, "readiness names the lost Redis");
        fail_logins(&app, "f3@example.com", 5).await;
        let res = try_login(&app, "f3@example.com", PW).await;
        assert_eq!(res.status(), 429, "locked by the local fallback");
        assert!(res.headers().contains_key("retry-after"));
        // The session made before the failure is still good.
        assert_eq!(get(&app, "/api/v1/me", Some(&cookie)).await.status(), 200);
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

/// An account locked through one replica is locked on every replica sharing the Redis.
#[tokio::test]
async fn a_lockout_holds_on_every_replica_sharing_redis() {
    let redis_url = std::env::var("HARBINGER_TEST_REDIS_URL")
        .unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let tweak = |c: &mut harbinger::config::Config| {
        c.redis_url = Some(harbinger::config::Secret::new(redis_url.clone()));
        c.auth.auth_requests_per_minute = 10_000;
        c.auth.anonymous_requests_per_minute = 10_000;
    };
    let one = harbinger_testkit::spawn_app_with(harbinger_testkit::Backend::Sqlite, tweak).await;
    let two = harbinger_testkit::spawn_app_with(harbinger_testkit::Backend::Sqlite, tweak).await;
    // A fresh address each run: the lock outlives the test in the shared Redis.
    let email = format!("shared-{}@example.com", uuid::Uuid::new_v4().simple());
    fail_logins(&one, &email, 5).await;
    let res = try_login(&two, &email, "wrong guess here").await;
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 14 * 60 && retry <= 15 * 60, "{retry}");
}
