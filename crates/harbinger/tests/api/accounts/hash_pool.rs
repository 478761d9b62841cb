//! RELIABILITY L4: the password-hashing pool is bounded. Beyond its threads and queue a login is
//! answered 503 with `Retry-After` at once instead of waiting behind every other hash.

use super::support::*;

#[tokio::test]
async fn logins_beyond_the_hashing_queue_get_503_with_retry_after() {
    let (app, _clock) = spawn(harbinger_testkit::Backend::Sqlite, |c| {
        c.auth.hash_concurrency = 1;
        c.auth.hash_queue = 0;
    })
    .await;
    register(&app, "pool@example.com", PW).await;
    // Sixteen sign-ins at once (unknown accounts hash too) on one thread with no queue.
    let attempts = (0..16).map(|i| {
        let app = &app;
        async move { try_login(app, &format!("nobody{i}@example.com"), PW).await }
    });
    let answers = futures::future::join_all(attempts).await;
    let mut busy = 0;
    for res in answers {
        match res.status().as_u16() {
            401 => {}
            503 => {
                busy += 1;
                assert_eq!(res.headers()["retry-after"], "1");
                assert_eq!(res.headers()["content-type"], "application/problem+json");
                let body: serde_json::Value = res.json().await.unwrap();
                assert_eq!(body["type"], "https://harbinger.dev/problems/busy");
                assert_eq!(body["status"], 503);
            }
            other => panic!("unexpected {other}: {}", res.text().await.unwrap()),
        }
    }
    assert!(busy > 0, "no login was refused");
    // Once the burst has passed, signing in works again.
    login(&app, "pool@example.com", PW).await;
}
