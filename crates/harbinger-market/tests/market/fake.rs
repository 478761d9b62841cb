//! A loopback fake upstream: answers each request with the next scripted reply (recorded
//! bodies from `tests/fixtures/`) and remembers what was asked.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use harbinger_market::{HttpConfig, RetryPolicy};

use crate::fixture;

#[derive(Debug, Clone)]
pub enum Reply {
    /// Status and a fixture file as the body.
    Body(u16, &'static str),
    /// Status and a body made by the test.
    Made(u16, String),
    /// Status with an empty body and maybe a `Retry-After`.
    Status(u16, Option<&'static str>),
    /// Answer only after this long.
    Slow(Duration),
    /// A 302 to this absolute URL.
    Redirect(String),
}

#[derive(Debug, Default)]
pub struct Fake {
    script: Mutex<VecDeque<Reply>>,
    seen: Mutex<Vec<String>>,
}

impl Fake {
    pub fn hits(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
    pub fn last_uri(&self) -> String {
        self.seen
            .lock()
            .unwrap()
            .last()
            .cloned()
            .unwrap_or_default()
    }
    /// Adds a reply to the end of the script.
    pub fn push(&self, reply: Reply) {
        self.script.lock().unwrap().push_back(reply);
    }
    pub fn uris(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

async fn answer(State(fake): State<Arc<Fake>>, uri: Uri) -> Response {
    fake.seen.lock().unwrap().push(uri.to_string());
    let next = fake.script.lock().unwrap().pop_front();
    match next {
        Some(Reply::Body(status, file)) => (
            StatusCode::from_u16(status).unwrap(),
            [(header::CONTENT_TYPE, "application/json;charset=utf-8")],
            fixture(file),
        )
            .into_response(),
        Some(Reply::Made(status, body)) => (
            StatusCode::from_u16(status).unwrap(),
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response(),
        Some(Reply::Status(status, retry_after)) => {
            let mut r = StatusCode::from_u16(status).unwrap().into_response();
            if let Some(v) = retry_after {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, v.parse().unwrap());
            }
            r
        }
        Some(Reply::Slow(d)) => {
            tokio::time::sleep(d).await;
            StatusCode::OK.into_response()
        }
        Some(Reply::Redirect(to)) => (StatusCode::FOUND, [(header::LOCATION, to)]).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Starts a fake on 127.0.0.1 (a free port) and returns a client config pointing at it:
/// 300 ms request timeout, one retry after 10 ms.
pub async fn spawn(script: Vec<Reply>) -> (HttpConfig, Arc<Fake>) {
    let fake = Arc::new(Fake {
        script: Mutex::new(script.into()),
        seen: Mutex::default(),
    });
    let app = Router::new().fallback(answer).with_state(Arc::clone(&fake));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let config = HttpConfig {
        base_url: format!("http://{addr}"),
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_millis(300),
        retry: RetryPolicy {
            max_retries: 1,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_secs(1),
        },
        user_agent: "harbinger-test".to_owned(),
    };
    (config, fake)
}
