//! S3: failed logins are throttled per account *and* client address, so an attacker cannot
//! lock the owner out; across all addresses an account's attempts have a ceiling that slows
//! (seconds) but never locks.

use super::support::*;

const ATTACKER: &str = "198.51.100.66";
const OWNER: &str = "203.0.113.10";

both!(
    an_attacker_cannot_lock_the_owner_out_from_another_address,
    config = |c| {
        behind_proxy(c);
        c.auth.login_account_attempts_per_hour = 50;
    },
    |app, _clock| {
        register(&app, "victim@example.com", PW).await;
        for _ in 0..5 {
            let res = try_login_from(&app, ATTACKER, "victim@example.com", "wrong guess").await;
            assert_eq!(res.status(), 401);
        }
        // The attacker's address is locked out of the account, right password or not, and
        // keeping on trying there spends nothing.
        for _ in 0..30 {
            let res = try_login_from(&app, ATTACKER, "victim@example.com", "wrong guess").await;
            assert_eq!(res.status(), 429);
        }
        let res = try_login_from(&app, ATTACKER, "victim@example.com", PW).await;
        assert_eq!(res.status(), 429);
        let retry = retry_after(&res);
        assert!(retry > 14 * 60 && retry <= 15 * 60, "{retry}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        // The owner, elsewhere, signs in at once.
        let res = try_login_from(&app, OWNER, "victim@example.com", PW).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        assert_eq!(count_action(&app, "authn_lockout").await, 1);
    }
);

both!(
    the_account_ceiling_slows_many_addresses_but_releases,
    config = |c| {
        behind_proxy(c);
        // One attempt every 300 s once the burst of 12 is spent.
        c.auth.login_account_attempts_per_hour = 12;
    },
    |app, clock| {
        register(&app, "popular@example.com", PW).await;
        // Twelve addresses, one guess each: no address reaches its own lock.
        for i in 0..12 {
            let client = format!("198.51.100.{i}");
            let res = try_login_from(&app, &client, "popular@example.com", "wrong guess").await;
            assert_eq!(res.status(), 401);
        }
        // Now the account is slowed for everyone, the owner included, for seconds.
        let res = try_login_from(&app, OWNER, "popular@example.com", PW).await;
        assert_eq!(res.status(), 429);
        let retry = retry_after(&res);
        assert_eq!(retry, 300, "one emission interval, never hours");
        let problem = json_of(res).await;
        assert!(
            problem["type"]
                .as_str()
                .unwrap()
                .ends_with("login-throttled"),
            "{problem}"
        );
        clock.advance_ms((retry - 1) * 1000);
        let res = try_login_from(&app, OWNER, "popular@example.com", PW).await;
        assert_eq!(res.status(), 429, "still slowed a second before");
        clock.advance_ms(1000);
        let res = try_login_from(&app, OWNER, "popular@example.com", PW).await;
        assert_eq!(res.status(), 200, "released: {}", res.text().await.unwrap());
        assert_eq!(
            count_action(&app, "authn_lockout").await,
            0,
            "nothing locked"
        );
    }
);

/// With Redis, the pair's lock holds on every replica, and the owner still signs in on any.
#[tokio::test]
async fn replicas_sharing_redis_lock_the_address_not_the_account() {
    let redis_url = std::env::var("HARBINGER_TEST_REDIS_URL")
        .unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let tweak = |c: &mut harbinger::config::Config| {
        c.redis_url = Some(harbinger::config::Secret::new(redis_url.clone()));
        c.auth.auth_requests_per_minute = 10_000;
        c.auth.anonymous_requests_per_minute = 10_000;
        behind_proxy(c);
    };
    let one = harbinger_testkit::spawn_app_with(harbinger_testkit::Backend::Sqlite, tweak).await;
    let two = harbinger_testkit::spawn_app_with(harbinger_testkit::Backend::Postgres, tweak).await;
    // A fresh address each run: locks outlive the test in the shared Redis. The account
    // exists on neither database: unknown accounts are throttled exactly like known ones.
    let email = format!("shared-{}@example.com", uuid::Uuid::new_v4().simple());
    for _ in 0..5 {
        let res = try_login_from(&one, ATTACKER, &email, "wrong guess").await;
        assert_eq!(res.status(), 401);
    }
    let res = try_login_from(&two, ATTACKER, &email, "wrong guess").await;
    assert_eq!(res.status(), 429, "the lock is shared");
    let res = try_login_from(&two, OWNER, &email, "wrong guess").await;
    assert_eq!(res.status(), 401, "another address is not locked");
}
