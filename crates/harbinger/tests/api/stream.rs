//! The WebSocket stream `/api/v1/stream`, driven by a real WebSocket client: who may open it
//! (S26), signals and outcomes as they are recorded, resuming with `after_seq`, bars from the
//! replay feed, credentials checked again while it is open, bad messages, the per-user cap,
//! and two replicas on one Redis.

use std::time::Duration;

use futures::{SinkExt as _, StreamExt as _};
use harbinger_core::Plan;
use harbinger_testkit::TestApp;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::http::{HeaderName, HeaderValue};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

use crate::accounts::support::{both, count_action, get, new_key, post, set_plan, user};
use crate::signal_api::{outcome, signal};

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

const WAIT: Duration = Duration::from_secs(10);

/// Opens `/api/v1/stream{query}` with `headers`.
async fn open(app: &TestApp, query: &str, headers: &[(&str, &str)]) -> Result<Ws, WsError> {
    let url = format!(
        "{}/api/v1/stream{query}",
        app.url.replacen("http://", "ws://", 1)
    );
    let mut req = url.into_client_request().unwrap();
    for (k, v) in headers {
        req.headers_mut().insert(
            HeaderName::from_bytes(k.as_bytes()).unwrap(),
            HeaderValue::from_str(v).unwrap(),
        );
    }
    tokio_tungstenite::connect_async(req)
        .await
        .map(|(ws, _)| ws)
}

/// The status and problem body of a refused handshake.
fn refusal(res: Result<Ws, WsError>) -> (u16, Value) {
    match res {
        Err(WsError::Http(r)) => {
            let body = r
                .body()
                .as_deref()
                .map_or(Value::Null, |b| serde_json::from_slice(b).unwrap());
            (r.status().as_u16(), body)
        }
        Err(e) => panic!("handshake failed without an HTTP answer: {e}"),
        Ok(_) => panic!("handshake was accepted"),
    }
}

/// The next JSON message, skipping pings.
async fn next_json(ws: &mut Ws) -> Value {
    loop {
        let msg = tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("a message within the wait")
            .expect("the stream is open")
            .unwrap();
        match msg {
            Message::Text(t) => return serde_json::from_str(t.as_str()).unwrap(),
            Message::Ping(_) | Message::Pong(_) => {}
            other => panic!("unexpected frame {other:?}"),
        }
    }
}

/// The next message that is not a heartbeat.
async fn next_event(ws: &mut Ws) -> Value {
    loop {
        let m = next_json(ws).await;
        if m["type"] != "heartbeat" {
            return m;
        }
    }
}

/// Sends a subscribe op and waits for its acknowledgement (a heartbeat listing the channels).
async fn subscribe(ws: &mut Ws, channels: &[&str]) -> Value {
    send(ws, json!({"op": "subscribe", "channels": channels})).await;
    acknowledgement(ws).await
}

/// The next heartbeat, skipping bars of channels already open.
async fn acknowledgement(ws: &mut Ws) -> Value {
    loop {
        let m = next_json(ws).await;
        if m["type"] != "bar" {
            assert_eq!(m["type"], "heartbeat", "{m}");
            return m;
        }
    }
}

async fn send(ws: &mut Ws, msg: Value) {
    ws.send(Message::Text(msg.to_string().into()))
        .await
        .unwrap();
}

/// The close frame's code, once the server ends the stream.
async fn closed_with(ws: &mut Ws) -> CloseCode {
    loop {
        match tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("closed within the wait")
        {
            Some(Ok(Message::Close(Some(frame)))) => return frame.code,
            Some(Ok(Message::Close(None))) | None => panic!("closed without a code"),
            Some(Ok(_)) => {}
            Some(Err(e)) => panic!("socket error before the close frame: {e}"),
        }
    }
}

async fn quant(app: &TestApp, email: &str) -> String {
    let cookie = user(app, email).await;
    set_plan(app, email, Plan::Quant).await;
    cookie
}

both!(
    s26_foreign_origins_anonymous_callers_and_free_plans_are_refused,
    |app, _clock| {
        let cookie = quant(&app, "ws@example.com").await;
        // No credentials.
        let (status, problem) = refusal(open(&app, "", &[]).await);
        assert_eq!(status, 401);
        assert_eq!(problem["status"], 401);
        // A page on another site riding the visitor's cookie (cross-site WebSocket hijacking).
        let before = count_action(&app, "authz_fail").await;
        let (status, problem) = refusal(
            open(
                &app,
                "",
                &[("cookie", &cookie), ("origin", "https://evil.example")],
            )
            .await,
        );
        assert_eq!(status, 403);
        assert!(problem["type"].as_str().unwrap().ends_with("/cross-origin"));
        assert_eq!(count_action(&app, "authz_fail").await, before + 1);
        let (status, _) = refusal(
            open(
                &app,
                "",
                &[("cookie", &cookie), ("sec-fetch-site", "cross-site")],
            )
            .await,
        );
        assert_eq!(status, 403);
        // The site's own page, and a program (no Origin), are let in.
        let own = app.url.clone();
        let mut ws = open(&app, "", &[("cookie", &cookie), ("origin", &own)])
            .await
            .unwrap();
        subscribe(&mut ws, &["signals"]).await;
        assert!(open(&app, "", &[("cookie", &cookie)]).await.is_ok());
        // A bad resume point.
        let (status, _) = refusal(open(&app, "?after_seq=-1", &[("cookie", &cookie)]).await);
        assert_eq!(status, 400);
        // Free has no stream.
        let free = user(&app, "free@example.com").await;
        let (status, problem) = refusal(open(&app, "", &[("cookie", &free)]).await);
        assert_eq!(status, 403);
        assert!(problem["type"].as_str().unwrap().ends_with("/plan-limit"));
        // A plain GET is told to make a WebSocket handshake, as problem+json.
        let res = get(&app, "/api/v1/stream", Some(&cookie)).await;
        assert_eq!(res.status(), 426);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }
);

both!(
    signals_and_outcomes_arrive_as_recorded_and_resume_after_seq,
    |app, _clock| {
        let cookie = quant(&app, "live@example.com").await;
        let store = &app.db.store;
        let mut ws = open(&app, "", &[("cookie", &cookie)]).await.unwrap();
        let ack = subscribe(&mut ws, &["signals"]).await;
        assert_eq!(ack["data"]["channels"], json!(["signals"]));
        let first = signal(store, "sma_cross", "AAPL", 1_700_000_000, "0.61", 0).await;
        let msg = next_event(&mut ws).await;
        assert_eq!(msg["type"], "signal", "{msg}");
        assert_eq!(msg["seq"], first.seq);
        assert_eq!(msg["data"]["id"], first.id.to_string());
        assert_eq!(msg["data"]["symbol"], "AAPL");
        assert_eq!(msg["data"]["entry"], 100.5);
        assert_eq!(msg["data"]["hash"], first.hash);
        outcome(store, &first, "target_hit", "0.05", 1_700_100_000).await;
        let graded = next_event(&mut ws).await;
        assert_eq!(graded["type"], "outcome", "{graded}");
        assert_eq!(graded["seq"], first.seq + 1);
        assert_eq!(graded["data"]["id"], first.id.to_string());
        assert_eq!(graded["data"]["outcome"]["status"], "target_hit");
        let last = graded["seq"].as_i64().unwrap();
        ws.close(None).await.unwrap();

        // Recorded while the client was away: replayed in order on reconnect.
        let second = signal(store, "sma_cross", "MSFT", 1_700_000_000, "0.55", 0).await;
        let third = signal(store, "rsi_reversion", "IBM", 1_700_000_000, "0.70", 0).await;
        let mut ws = open(&app, &format!("?after_seq={last}"), &[("cookie", &cookie)])
            .await
            .unwrap();
        subscribe(&mut ws, &["signals"]).await;
        for want in [&second, &third] {
            let msg = next_event(&mut ws).await;
            assert_eq!(
                (msg["type"].as_str(), msg["seq"].as_i64()),
                (Some("signal"), Some(want.seq))
            );
            assert_eq!(msg["data"]["id"], want.id.to_string());
        }
        // Then live again.
        let fourth = signal(store, "macd_trend", "GOOG", 1_700_000_000, "0.58", 0).await;
        assert_eq!(next_event(&mut ws).await["seq"], fourth.seq);
        // Without after_seq the stream starts now: nothing old is replayed.
        let mut fresh = open(&app, "", &[("cookie", &cookie)]).await.unwrap();
        subscribe(&mut fresh, &["signals"]).await;
        let fifth = signal(store, "macd_trend", "FB", 1_700_000_000, "0.52", 0).await;
        assert_eq!(next_event(&mut fresh).await["seq"], fifth.seq);
        // A shutdown says goodbye with 1001.
        app.stop().await.unwrap();
        assert_eq!(closed_with(&mut fresh).await, CloseCode::Away);
    }
);

both!(
    bad_messages_are_answered_and_change_nothing,
    |app, _clock| {
        let cookie = quant(&app, "bad@example.com").await;
        let mut ws = open(&app, "", &[("cookie", &cookie)]).await.unwrap();
        ws.send(Message::Text("not json".into())).await.unwrap();
        let e = next_json(&mut ws).await;
        assert_eq!(e["type"], "error");
        assert!(
            e["data"]["detail"].as_str().unwrap().contains("subscribe"),
            "{e}"
        );
        for bad in [
            json!({"op": "subscribe", "channels": ["signals", "bars:not a symbol!"]}),
            json!({"op": "subscribe", "channels": ["weather"]}),
            json!({"op": "subscribe", "channels": ["signals"], "admin": true}),
            json!({"op": "subscribe", "channels": (0..150).map(|i| format!("bars:S{i}")).collect::<Vec<_>>()}),
            json!({"op": "shout"}),
        ] {
            send(&mut ws, bad.clone()).await;
            let e = next_json(&mut ws).await;
            assert_eq!(e["type"], "error", "{bad} -> {e}");
        }
        ws.send(Message::Binary(vec![1, 2, 3].into()))
            .await
            .unwrap();
        assert_eq!(next_json(&mut ws).await["type"], "error");
        // Nothing was applied: a good subscribe lists only what it asks for.
        let ack = subscribe(&mut ws, &["bars:msft"]).await;
        assert_eq!(ack["data"]["channels"], json!(["bars:MSFT"]));
        send(
            &mut ws,
            json!({"op": "unsubscribe", "channels": ["bars:MSFT"]}),
        )
        .await;
        assert_eq!(
            acknowledgement(&mut ws).await["data"]["channels"],
            json!([])
        );
        // A frame past the limit ends the stream.
        let huge = "x".repeat(64 * 1024);
        let _ = ws.send(Message::Text(huge.into())).await;
        let ended = tokio::time::timeout(WAIT, async {
            loop {
                match ws.next().await {
                    Some(Ok(Message::Close(frame))) => return frame.map(|f| f.code),
                    Some(Ok(_)) => {}
                    Some(Err(_)) | None => return None,
                }
            }
        })
        .await
        .expect("the server ends the stream");
        assert!(matches!(ended, Some(CloseCode::Size) | None), "{ended:?}");
    }
);

/// Heartbeats every second, so a changed credential is noticed quickly.
async fn quick(backend: harbinger_testkit::Backend) -> TestApp {
    crate::accounts::support::spawn(backend, |c| c.http.stream_heartbeat_secs = 1)
        .await
        .0
}

async fn credentials_are_checked_while_open(app: TestApp) {
    let cookie = quant(&app, "keys@example.com").await;
    // A revoked API key.
    let created = new_key(&app, &cookie, json!(["read"])).await;
    let bearer = format!("Bearer {}", created["key"].as_str().unwrap());
    let mut ws = open(&app, "", &[("authorization", &bearer)]).await.unwrap();
    let beat = next_json(&mut ws).await;
    assert_eq!(beat["type"], "heartbeat");
    let id = created["id"].as_str().unwrap();
    let res = app
        .client
        .delete(format!("{}/api/v1/api-keys/{id}", app.url))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(closed_with(&mut ws).await, CloseCode::Policy);
    // A downgrade.
    let mut ws = open(&app, "", &[("cookie", &cookie)]).await.unwrap();
    set_plan(&app, "keys@example.com", Plan::Free).await;
    assert_eq!(closed_with(&mut ws).await, CloseCode::Policy);
    // A logout.
    set_plan(&app, "keys@example.com", Plan::Pro).await;
    let mut ws = open(&app, "", &[("cookie", &cookie)]).await.unwrap();
    assert_eq!(next_json(&mut ws).await["type"], "heartbeat");
    let res = post(&app, "/api/v1/auth/logout", Some(&cookie), json!({})).await;
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(closed_with(&mut ws).await, CloseCode::Policy);
}

#[tokio::test]
async fn credentials_are_checked_while_open_sqlite() {
    credentials_are_checked_while_open(quick(harbinger_testkit::Backend::Sqlite).await).await;
}

#[tokio::test]
async fn credentials_are_checked_while_open_postgres() {
    credentials_are_checked_while_open(quick(harbinger_testkit::Backend::Postgres).await).await;
}

both!(open_streams_per_user_are_capped_by_plan, |app, _clock| {
    let cookie = user(&app, "cap@example.com").await;
    set_plan(&app, "cap@example.com", Plan::Pro).await;
    let mut open_ones = Vec::new();
    for _ in 0..5 {
        open_ones.push(open(&app, "", &[("cookie", &cookie)]).await.unwrap());
    }
    let (status, problem) = refusal(open(&app, "", &[("cookie", &cookie)]).await);
    assert_eq!(status, 429);
    assert!(
        problem["type"]
            .as_str()
            .unwrap()
            .ends_with("/too-many-streams")
    );
    // Closing one frees its place.
    let mut one = open_ones.pop().unwrap();
    one.close(None).await.unwrap();
    let mut admitted = false;
    for _ in 0..50 {
        if open(&app, "", &[("cookie", &cookie)]).await.is_ok() {
            admitted = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(admitted, "a closed stream's place was not given back");
});

/// The embedded default end to end: the replay feed's bars reach a subscriber.
#[tokio::test]
async fn bars_from_the_replay_feed_reach_subscribers() {
    let (app, _clock) = crate::accounts::support::spawn(harbinger_testkit::Backend::Sqlite, |c| {
        c.market.replay_bar_seconds = 0.2;
    })
    .await;
    let cookie = quant(&app, "bars@example.com").await;
    let mut ws = open(&app, "", &[("cookie", &cookie)]).await.unwrap();
    subscribe(&mut ws, &["bars:AAPL"]).await;
    let m = next_event(&mut ws).await;
    assert_eq!(m["type"], "bar", "{m}");
    assert_eq!(m["data"]["symbol"], "AAPL");
    assert_eq!(m["data"]["source"], "replay");
    let bar = &m["data"]["bar"];
    assert!(bar["low"].as_f64().unwrap() <= bar["close"].as_f64().unwrap());
    assert!(m["seq"].is_i64());
}

/// Two replicas on one database and one Redis, the ledger poll slowed to a minute: what one
/// replica announces reaches a stream on the other through Redis pub/sub at once.
#[tokio::test]
async fn a_stream_on_one_replica_hears_what_another_announces_through_redis() {
    let redis_url = std::env::var("HARBINGER_TEST_REDIS_URL")
        .unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let with_redis = |c: &mut harbinger::config::Config| {
        c.redis_url = Some(harbinger::config::Secret::new(redis_url.clone()));
        c.http.stream_poll_ms = 60_000;
    };
    let (one, _clock) =
        crate::accounts::support::spawn(harbinger_testkit::Backend::Postgres, with_redis).await;
    let shared = one.db.url.clone();
    let (two, _clock) =
        crate::accounts::support::spawn(harbinger_testkit::Backend::Postgres, |c| {
            with_redis(c);
            c.database_url = Some(shared);
        })
        .await;
    let cookie = quant(&one, "replicas@example.com").await;
    let mut ws = open(&two, "", &[("cookie", &cookie)]).await.unwrap();
    subscribe(&mut ws, &["signals"]).await;
    // The Redis subscription of the second replica's hub is made at start-up; give it a moment.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let row = signal(&one.db.store, "sma_cross", "AAPL", 1_700_000_000, "0.6", 0).await;
    let bus = harbinger_marketdata::RedisBus::new(&redis_url).unwrap();
    harbinger::signals::announce(&bus, std::slice::from_ref(&row)).await;
    let m = tokio::time::timeout(Duration::from_secs(5), next_event(&mut ws))
        .await
        .expect("announced over Redis well before the minute's poll");
    assert_eq!(m["seq"], row.seq);
    assert_eq!(m["data"]["id"], row.id.to_string());
}

both!(a_client_sending_too_fast_is_closed, |app, _clock| {
    let cookie = quant(&app, "chatty@example.com").await;
    let mut ws = open(&app, "", &[("cookie", &cookie)]).await.unwrap();
    // Within the limit: every subscribe is acknowledged.
    for _ in 0..5 {
        subscribe(&mut ws, &["signals"]).await;
    }
    for _ in 0..60 {
        if ws
            .send(Message::Text(
                json!({"op": "subscribe", "channels": ["signals"]})
                    .to_string()
                    .into(),
            ))
            .await
            .is_err()
        {
            break;
        }
    }
    assert_eq!(closed_with(&mut ws).await, CloseCode::Policy);
});
