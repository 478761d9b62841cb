use std::time::{Duration, Instant};

use harbinger::config::Secret;
use harbinger_testkit::{Backend, spawn_app_with};
use tokio::net::TcpListener;

/// A "Redis" that accepts connections and never answers, so `/readyz` waits for the client's
/// connection timeout (about a second): a real request still in flight when shutdown begins.
async fn stalled_redis() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((sock, _)) = listener.accept().await {
            held.push(sock);
        }
    });
    format!("redis://{addr}")
}

#[tokio::test]
async fn shutdown_lets_requests_in_flight_finish_then_refuses_new_ones() {
    let redis = stalled_redis().await;
    let app = spawn_app_with(Backend::Sqlite, |c| c.redis_url = Some(Secret::new(redis))).await;
    let (url, client) = (app.url.clone(), app.client.clone());
    let started = Instant::now();
    let in_flight = tokio::spawn({
        let (url, client) = (url.clone(), client.clone());
        async move { client.get(format!("{url}/readyz")).send().await }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !in_flight.is_finished(),
        "the probe is still waiting when shutdown begins"
    );
    app.stop().await.unwrap();
    let res = in_flight
        .await
        .unwrap()
        .expect("the request in flight gets its answer");
    let elapsed = started.elapsed();
    let status = res.status();
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(
        elapsed >= Duration::from_millis(900),
        "it ran to completion: {elapsed:?} {status} {body}"
    );
    assert_eq!(status, 503);
    assert_eq!(body["checks"]["redis"]["ok"], false, "{body}");
    assert!(
        client.get(format!("{url}/healthz")).send().await.is_err(),
        "no new connections after shutdown"
    );
}
