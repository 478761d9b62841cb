//! Helpers: accounts, logins and mail through the real HTTP API.

use std::sync::Arc;

use harbinger_core::ManualClock;
use harbinger_testkit::{Backend, TestApp};
use serde_json::{Value, json};

pub const PW: &str = "violet-tangerine-sextant-42";

/// Defines `name::sqlite` and `name::postgres` with a server on a [`ManualClock`] and relaxed
/// request quotas (tests that prove a limit set their own, with `config = |c| …`).
macro_rules! both {
    ($name:ident, |$app:ident, $clock:ident| $body:block) => {
        crate::accounts::support::both!($name, config = |_c| {}, |$app, $clock| $body);
    };
    ($name:ident, config = |$c:ident| $tweak:block, |$app:ident, $clock:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[allow(unused_imports)]
            use crate::accounts::support::*;

            async fn run($app: harbinger_testkit::TestApp, $clock: harbinger_core::ManualClock) $body

            #[allow(unused_variables)]
            fn tweak($c: &mut harbinger::config::Config) $tweak

            #[tokio::test]
            async fn sqlite() {
                let (app, clock) = crate::accounts::support::spawn(harbinger_testkit::Backend::Sqlite, tweak).await;
                run(app, clock).await;
            }

            #[tokio::test]
            async fn postgres() {
                let (app, clock) = crate::accounts::support::spawn(harbinger_testkit::Backend::Postgres, tweak).await;
                run(app, clock).await;
            }
        }
    };
}
pub(crate) use both;

/// A server on a manual clock starting now, with generous quotas unless `tweak` says otherwise.
pub async fn spawn(
    backend: Backend,
    tweak: impl FnOnce(&mut harbinger::config::Config),
) -> (TestApp, ManualClock) {
    crate::logs::capture();
    let clock = ManualClock::new(chrono_now());
    let app = harbinger_testkit::spawn_app_with_clock(backend, Arc::new(clock.clone()), |c| {
        c.auth.auth_requests_per_minute = 10_000;
        c.auth.anonymous_requests_per_minute = 10_000;
        c.auth.login_account_attempts_per_hour = 10_000;
        for plan in [&mut c.plans.free, &mut c.plans.pro, &mut c.plans.quant] {
            plan.requests_per_minute = 10_000;
        }
        tweak(c);
    })
    .await;
    (app, clock)
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

pub async fn post(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    body: Value,
) -> reqwest::Response {
    let mut r = app.client.post(format!("{}{path}", app.url)).json(&body);
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    r.send().await.unwrap()
}

pub async fn get(app: &TestApp, path: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut r = app.client.get(format!("{}{path}", app.url));
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    r.send().await.unwrap()
}

pub async fn bearer(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    key: &str,
) -> reqwest::Response {
    app.client
        .request(method, format!("{}{path}", app.url))
        .bearer_auth(key)
        .json(&json!({"name": "k", "scopes": ["read"]}))
        .send()
        .await
        .unwrap()
}

pub async fn register(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    post(
        app,
        "/api/v1/auth/register",
        None,
        json!({"email": email, "password": password}),
    )
    .await
}

/// Logs in and returns the `name=value` cookie pair to send back.
/// One login attempt, whatever its answer.
pub async fn try_login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    post(
        app,
        "/api/v1/auth/login",
        None,
        json!({"email": email, "password": password}),
    )
    .await
}

/// One login attempt from `client`, as a trusted proxy in front of the server reports it
/// (`X-Forwarded-For`; the test server must trust 127.0.0.1).
pub async fn try_login_from(
    app: &TestApp,
    client: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    app.client
        .post(format!("{}/api/v1/auth/login", app.url))
        .header("x-forwarded-for", client)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

/// Trusts the test client's loopback connection as a proxy, so `X-Forwarded-For` names the
/// client.
pub fn behind_proxy(c: &mut harbinger::config::Config) {
    c.http.trusted_proxies = harbinger::config::List(vec!["127.0.0.0/8".into()]);
}

/// The `Retry-After` of a refusal, in seconds.
pub fn retry_after(res: &reqwest::Response) -> i64 {
    res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// `n` logins with a wrong password, each answered 401.
pub async fn fail_logins(app: &TestApp, email: &str, n: usize) {
    for _ in 0..n {
        let res = try_login(app, email, "wrong guess here").await;
        assert_eq!(res.status(), 401);
    }
}

pub async fn login(app: &TestApp, email: &str, password: &str) -> String {
    let res = try_login(app, email, password).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    cookie_of(&res)
}

pub fn cookie_of(res: &reqwest::Response) -> String {
    let set = res.headers()["set-cookie"].to_str().unwrap();
    set.split(';').next().unwrap().to_owned()
}

/// Registers a user, confirms the address from the mailed link and logs in; returns the
/// cookie.
pub async fn user(app: &TestApp, email: &str) -> String {
    assert_eq!(register(app, email, PW).await.status(), 201);
    verify(app, email).await;
    login(app, email, PW).await
}

/// Follows the newest verification link mailed to `email`.
pub async fn verify(app: &TestApp, email: &str) {
    let token = token_in(&last_mail(app, email).await);
    let res = post(
        app,
        "/api/v1/auth/verify-email",
        None,
        json!({ "token": token }),
    )
    .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

/// The newest mail to `to`, from the dev mailbox.
pub async fn last_mail(app: &TestApp, to: &str) -> String {
    let mails = app.db.store.dev_mail(Some(to), 1).await.unwrap();
    mails.first().map(|m| m.body.clone()).unwrap_or_default()
}

/// The `token=` value in a mailed link.
pub fn token_in(mail: &str) -> String {
    let i = mail.find("token=").unwrap() + 6;
    mail[i..].split_whitespace().next().unwrap().to_owned()
}

pub async fn user_id(app: &TestApp, email: &str) -> uuid::Uuid {
    app.db.store.user_by_email(email).await.unwrap().unwrap().id
}

/// Moves a user to a plan directly in the store (as `harbinger users set-plan` does).
pub async fn set_plan(app: &TestApp, email: &str, plan: harbinger_core::Plan) {
    let ev = harbinger_store::AuditEvent::system("plan_change");
    assert!(app.db.store.set_user_plan(email, plan, &ev).await.unwrap());
}

pub async fn make_admin(app: &TestApp, email: &str) {
    let id = user_id(app, email).await;
    let ev = harbinger_store::AuditEvent::system("authz_role_change");
    assert!(
        app.db
            .store
            .set_role(id, harbinger_store::Role::Admin, &ev)
            .await
            .unwrap()
    );
}

pub async fn count_action(app: &TestApp, action: &str) -> usize {
    let q = harbinger_store::AuditQuery {
        after_seq: 0,
        limit: 10_000,
        action: Some(action.into()),
        ..Default::default()
    };
    app.db.store.audit_rows(&q).await.unwrap().len()
}

pub async fn json_of(res: reqwest::Response) -> Value {
    res.json().await.unwrap()
}

/// Creates an API key with `scopes` (201 expected); the answer, with `id` and `key`.
pub async fn new_key(app: &harbinger_testkit::TestApp, cookie: &str, scopes: Value) -> Value {
    let res = post(
        app,
        "/api/v1/api-keys",
        Some(cookie),
        json!({"name": "bot", "scopes": scopes}),
    )
    .await;
    assert_eq!(res.status(), 201);
    json_of(res).await
}
