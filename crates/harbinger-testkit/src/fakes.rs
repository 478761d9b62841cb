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
