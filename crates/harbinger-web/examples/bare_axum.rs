//! The benchmark baseline: a bare axum "hello" JSON endpoint with no middleware, built with
//! the same compiler and profile as Harbinger so `/healthz` can be compared with it in one run.
//!
//! `cargo run --release -p harbinger-web --example bare_axum -- 127.0.0.1:0`

use axum::Json;
use axum::Router;
use axum::routing::get;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:0".into());
    let app = Router::new().route(
        "/healthz",
        get(|| async { Json(serde_json::json!({"status": "ok", "version": "0.0.0"})) }),
    );
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    let url = format!("http://{}", listener.local_addr()?);
    std::io::Write::write_all(
        &mut std::io::stdout(),
        format!("listening on {url}\n").as_bytes(),
    )?;
    axum::serve(listener, app).await
}
