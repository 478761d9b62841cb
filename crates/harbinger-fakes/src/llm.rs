//! A fake OpenAI-compatible chat-completions server (the wire format Perplexity's Sonar also
//! speaks) on loopback: `POST /chat/completions` answers from a script, records every request,
//! and counts hits. Envelope builders wrap a content string the way the providers do.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::post;
use serde_json::{Value, json};

/// One scripted answer.
#[derive(Debug, Clone)]
pub enum Step {
    /// An HTTP answer.
    Answer {
        status: u16,
        content_type: String,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// Wait this long, then answer an empty 200 (a provider that hangs past the timeout).
    Stall(Duration),
}

impl Step {
    /// `200` with a JSON body.
    pub fn ok(body: impl Into<String>) -> Self {
        Self::json(200, body)
    }

    /// `status` with a JSON body.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self::raw(status, "application/json", body)
    }

    /// `status` with an HTML body (Perplexity's 401 is an openresty page).
    pub fn html(status: u16, body: impl Into<String>) -> Self {
        Self::raw(status, "text/html", body)
    }

    /// Any status, content type and body.
    pub fn raw(status: u16, content_type: &str, body: impl Into<String>) -> Self {
        Self::Answer {
            status,
            content_type: content_type.to_owned(),
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// `302 Found` to `location`.
    pub fn redirect(location: &str) -> Self {
        Self::raw(302, "text/plain", "").header("location", location)
    }

    /// Adds a header (e.g. `Retry-After`).
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Self::Answer { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    /// The same answer cut in half (a body that ends mid-JSON).
    #[must_use]
    pub fn truncated(mut self) -> Self {
        if let Self::Answer { body, .. } = &mut self {
            let mut cut = body.len() / 2;
            while !body.is_char_boundary(cut) {
                cut -= 1;
            }
            body.truncate(cut);
        }
        self
    }
}

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Received {
    /// Request headers.
    pub headers: HeaderMap,
    /// The body as JSON (`Value::String` of the raw text if it was not JSON).
    pub body: Value,
}

/// A running fake chat-completions server.
#[derive(Debug, Clone)]
pub struct FakeLlm {
    /// `http://127.0.0.1:PORT`, the provider's base URL.
    pub base_url: String,
    hits: Arc<AtomicUsize>,
    received: Arc<Mutex<Vec<Received>>>,
}

impl FakeLlm {
    /// Requests served so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<Received> {
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The last request's body.
    pub fn last_request_body(&self) -> Option<Value> {
        self.requests().pop().map(|r| r.body)
    }

    /// A header of the last request.
    pub fn last_request_header(&self, name: &str) -> Option<String> {
        self.requests()
            .pop()
            .and_then(|r| r.headers.get(name)?.to_str().ok().map(str::to_owned))
    }
}

/// Starts a fake answering `POST /chat/completions` with `script`'s steps in order; the last
/// step repeats. An empty script answers 500.
pub async fn fake_llm(script: Vec<Step>) -> FakeLlm {
    let hits = Arc::new(AtomicUsize::new(0));
    let received: Arc<Mutex<Vec<Received>>> = Arc::default();
    let script = Arc::new(script);
    let (h, r) = (hits.clone(), received.clone());
    let app = Router::new().route(
        "/chat/completions",
        post(move |headers: HeaderMap, body: Bytes| {
            let n = h.fetch_add(1, Ordering::SeqCst);
            let body = serde_json::from_slice(&body)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
            r.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(Received { headers, body });
            let step = script.get(n.min(script.len().saturating_sub(1))).cloned();
            async move { answer(step).await }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    FakeLlm {
        base_url: format!("http://{addr}"),
        hits,
        received,
    }
}

async fn answer(step: Option<Step>) -> Response {
    let (status, content_type, headers, body) = match step {
        None => (500, "text/plain".to_owned(), Vec::new(), String::new()),
        Some(Step::Stall(d)) => {
            tokio::time::sleep(d).await;
            (
                200,
                "application/json".to_owned(),
                Vec::new(),
                String::new(),
            )
        }
        Some(Step::Answer {
            status,
            content_type,
            headers,
            body,
        }) => (status, content_type, headers, body),
    };
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(v) = HeaderValue::from_str(&content_type) {
        res.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    for (name, value) in headers {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            res.headers_mut().append(n, v);
        }
    }
    res
}

/// A chat-completion envelope around `content`, built up like the providers' answers.
#[derive(Debug, Clone)]
pub struct Completion {
    content: Option<String>,
    model: String,
    usage: Option<(u32, u32, u32)>,
    citations: Option<Vec<String>>,
    search_results: Option<Vec<(String, String)>>,
    finish_reason: String,
}

impl Completion {
    /// An OpenAI-shaped answer with `content` and usage 100 / 50 / 150.
    pub fn new(content: &str) -> Self {
        Self {
            content: Some(content.to_owned()),
            model: "gpt-4.1-mini".to_owned(),
            usage: Some((100, 50, 150)),
            citations: None,
            search_results: None,
            finish_reason: "stop".to_owned(),
        }
    }

    /// A Perplexity-shaped answer: model `sonar`, top-level `citations` and `search_results`
    /// (titled `Result n`) for `urls`.
    pub fn perplexity(content: &str, urls: &[&str]) -> Self {
        Self {
            model: "sonar".to_owned(),
            citations: Some(urls.iter().map(|u| (*u).to_owned()).collect()),
            search_results: Some(
                urls.iter()
                    .enumerate()
                    .map(|(i, u)| (format!("Result {}", i + 1), (*u).to_owned()))
                    .collect(),
            ),
            ..Self::new(content)
        }
    }

    /// Sets the usage block.
    #[must_use]
    pub fn usage(mut self, prompt: u32, completion: u32, total: u32) -> Self {
        self.usage = Some((prompt, completion, total));
        self
    }

    /// Leaves the usage block out.
    #[must_use]
    pub fn without_usage(mut self) -> Self {
        self.usage = None;
        self
    }

    /// Sets `finish_reason` (e.g. `length`).
    #[must_use]
    pub fn finish_reason(mut self, reason: &str) -> Self {
        reason.clone_into(&mut self.finish_reason);
        self
    }

    /// The envelope as JSON.
    pub fn to_value(&self) -> Value {
        let mut v = json!({
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 1_770_768_226,
            "model": self.model,
            "choices": [{
                "index": 0,
                "message": {"role": "assistant", "content": self.content},
                "finish_reason": self.finish_reason,
            }],
        });
        if let Some((p, c, t)) = self.usage {
            v["usage"] = json!({"prompt_tokens": p, "completion_tokens": c, "total_tokens": t});
        }
        if let Some(c) = &self.citations {
            v["citations"] = json!(c);
        }
        if let Some(s) = &self.search_results {
            v["search_results"] = s
                .iter()
                .map(|(title, url)| json!({"title": title, "url": url, "date": null}))
                .collect();
        }
        v
    }

    /// The envelope as a `200` step.
    pub fn step(&self) -> Step {
        Step::ok(self.to_value().to_string())
    }
}
