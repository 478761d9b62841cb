//! Fake upstream servers on loopback that answer with recorded responses, byte for byte, in
//! the real wire format. Each counts the requests it served.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::extract::Path;
use axum::http::header;
use axum::routing::get;

/// Yahoo's chart API answer for AAPL, 2020-01-01 to 2020-01-03 (one daily bar), as recorded.
pub const YAHOO_CHART_AAPL_2020: &str = include_str!(
    "../../harbinger-market/tests/fixtures/yahoo/chart_AAPL_1d_2020-01-01_2020-01-03.body.json"
);

/// A running fake server.
#[derive(Debug, Clone)]
pub struct Fake {
    /// `http://127.0.0.1:PORT`, to put in a `…_BASE_URL` setting.
    pub base_url: String,
    hits: Arc<AtomicUsize>,
}

impl Fake {
    /// Requests served so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

/// Serves `body` for every `GET /v8/finance/chart/{symbol}`, as Yahoo's chart API does.
pub async fn yahoo_chart(body: &'static str) -> Fake {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let app = Router::new().route(
        "/v8/finance/chart/{symbol}",
        get(move |Path(_symbol): Path<String>| {
            counter.fetch_add(1, Ordering::SeqCst);
            async move {
                (
                    [(header::CONTENT_TYPE, "application/json;charset=utf-8")],
                    body,
                )
            }
        }),
    );
    serve(app, hits).await
}

async fn serve(app: Router, hits: Arc<AtomicUsize>) -> Fake {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Fake {
        base_url: format!("http://{addr}"),
        hits,
    }
}

/// One scripted answer of an [`Upstream`] fake: status, body, optional `Retry-After`, and a
/// delay before the answer (a stall past the client's timeout).
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
    pub retry_after: Option<u64>,
    pub delay: std::time::Duration,
}

impl Reply {
    /// `200` with a JSON body.
    pub fn json(body: impl Into<String>) -> Self {
        Self {
            status: 200,
            content_type: "application/json;charset=utf-8",
            body: body.into(),
            retry_after: None,
            delay: std::time::Duration::ZERO,
        }
    }

    /// `200` with a CSV body (Stooq's download).
    pub fn csv(body: impl Into<String>) -> Self {
        Self {
            content_type: "text/csv",
            ..Self::json(body)
        }
    }

    /// A bare status with an empty body.
    pub fn status(status: u16) -> Self {
        Self {
            status,
            content_type: "text/plain",
            ..Self::json("")
        }
    }

    /// Adds `Retry-After: <seconds>`.
    #[must_use]
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// Answers only after `delay`.
    #[must_use]
    pub fn after(mut self, delay: std::time::Duration) -> Self {
        self.delay = delay;
        self
    }

    /// The same answer cut in half (a connection dropped mid-body, as the client sees it).
    #[must_use]
    pub fn truncated(mut self) -> Self {
        let mut cut = self.body.len() / 2;
        while !self.body.is_char_boundary(cut) {
            cut -= 1;
        }
        self.body.truncate(cut);
        self
    }
}

/// A fake provider: answers every path with the next scripted [`Reply`], then with the
/// default one, and counts requests.
#[derive(Debug, Clone)]
pub struct Upstream {
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    hits: Arc<AtomicUsize>,
    script: Arc<std::sync::Mutex<std::collections::VecDeque<Reply>>>,
    default: Arc<std::sync::Mutex<Reply>>,
}

impl Upstream {
    /// Requests served so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    /// Queues `reply` for the next request not yet scripted.
    pub fn push(&self, reply: Reply) {
        self.script
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push_back(reply);
    }

    /// The answer once the script is used up.
    pub fn set_default(&self, reply: Reply) {
        *self
            .default
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = reply;
    }
}

/// Starts an [`Upstream`] fake answering `default` until told otherwise.
pub async fn upstream(default: Reply) -> Upstream {
    let hits = Arc::new(AtomicUsize::new(0));
    let script: Arc<std::sync::Mutex<std::collections::VecDeque<Reply>>> = Arc::default();
    let default = Arc::new(std::sync::Mutex::new(default));
    let (counter, s, d) = (hits.clone(), script.clone(), default.clone());
    let app = Router::new().fallback(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        let reply = s
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop_front()
            .unwrap_or_else(|| {
                d.lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .clone()
            });
        async move {
            tokio::time::sleep(reply.delay).await;
            let mut res = axum::response::Response::new(axum::body::Body::from(reply.body));
            *res.status_mut() = axum::http::StatusCode::from_u16(reply.status)
                .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                axum::http::HeaderValue::from_static(reply.content_type),
            );
            if let Some(s) = reply.retry_after {
                res.headers_mut()
                    .insert(header::RETRY_AFTER, axum::http::HeaderValue::from(s));
            }
            res
        }
    });
    let fake = serve(app, hits.clone()).await;
    Upstream {
        base_url: fake.base_url,
        hits,
        script,
        default,
    }
}

/// A daily bar for the body builders: midnight UTC of the trading day, OHLCV.
pub type DayBar = (i64, f64, f64, f64, f64, f64);

/// Yahoo's chart answer for `symbol` with these daily bars: the recorded AAPL answer with its
/// `timestamp` and `indicators` replaced, so every other field is as Yahoo sends it. Yahoo
/// stamps a daily bar with the session's opening instant (09:30 New York).
pub fn yahoo_chart_body(symbol: &str, bars: &[DayBar]) -> String {
    let mut v: serde_json::Value =
        serde_json::from_str(YAHOO_CHART_AAPL_2020).expect("the recorded chart is JSON");
    let r = &mut v["chart"]["result"][0];
    r["meta"]["symbol"] = symbol.into();
    r["timestamp"] = bars.iter().map(|b| b.0 + 52_200).collect();
    let col = |f: fn(&DayBar) -> f64| -> serde_json::Value { bars.iter().map(f).collect() };
    r["indicators"] = serde_json::json!({
        "quote": [{
            "open": col(|b| b.1), "high": col(|b| b.2), "low": col(|b| b.3),
            "close": col(|b| b.4), "volume": col(|b| b.5),
        }],
        "adjclose": [{ "adjclose": col(|b| b.4) }],
    });
    v.to_string()
}

/// Yahoo's answer when it has no data for the symbol (`chart.result` empty).
pub const YAHOO_EMPTY_RESULT: &str = r#"{"chart":{"result":[],"error":null}}"#;

/// Stooq's daily CSV download with these bars.
pub fn stooq_csv_body(bars: &[DayBar]) -> String {
    use std::fmt::Write as _;
    let mut out = String::from("Date,Open,High,Low,Close,Volume\n");
    for b in bars {
        let days = b.0.div_euclid(86_400);
        let (y, m, d) = civil(days);
        let _ = writeln!(
            out,
            "{y:04}-{m:02}-{d:02},{},{},{},{},{}",
            b.1, b.2, b.3, b.4, b.5
        );
    }
    out
}

/// Days since 1970-01-01 to (year, month, day) (H. Hinnant's algorithm).
fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}
