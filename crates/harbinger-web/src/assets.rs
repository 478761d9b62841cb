//! The dashboard: files of `web/dist` embedded at build time, with SPA fallback.

use std::borrow::Cow;

use axum::extract::Request;
use axum::response::{Html, IntoResponse, Response};
use http::{HeaderValue, Method, StatusCode, header};

use crate::Problem;

#[cfg(harbinger_web_dist)]
#[derive(rust_embed::Embed)]
#[folder = "../../web/dist"]
struct Dist;

/// The bytes and media type of an embedded file.
fn file(path: &str) -> Option<(Cow<'static, [u8]>, String)> {
    #[cfg(harbinger_web_dist)]
    {
        Dist::get(path).map(|f| (f.data, f.metadata.mimetype().to_owned()))
    }
    #[cfg(not(harbinger_web_dist))]
    {
        let _ = path;
        None
    }
}

const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Harbinger</title></head><body style=\"font-family:system-ui;max-width:40rem;margin:4rem auto\">\
<h1>Harbinger is running</h1><p>This binary was built without the dashboard. Build it with \
<code>make web</code> (or <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>), then rebuild \
the server; <code>make run</code> does both.</p><p>The API is live: see \
<a href=\"/api/openapi.json\">/api/openapi.json</a>, <a href=\"/healthz\">/healthz</a> and \
<a href=\"/readyz\">/readyz</a>.</p></body></html>";

/// Serves a dashboard file, or `index.html` for any other page path so client-side routes
/// work on reload. Hashed assets are cached for a year; the index never is.
pub async fn serve(req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut res = Problem::new(StatusCode::METHOD_NOT_ALLOWED).into_response();
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return res;
    }
    let path = req.uri().path().trim_start_matches('/');
    if let Some((bytes, mime)) = file(path).filter(|_| !path.is_empty()) {
        let cache = if path.starts_with("assets/") {
            "public, max-age=31536000, immutable"
        } else {
            "public, max-age=3600"
        };
        return (
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, cache.to_owned()),
            ],
            bytes.into_owned(),
        )
            .into_response();
    }
    if path.starts_with("assets/") {
        return Problem::not_found("no such asset").into_response();
    }
    match file("index.html") {
        Some((bytes, _)) => (
            [(header::CACHE_CONTROL, "no-cache")],
            Html(bytes.into_owned()),
        )
            .into_response(),
        None => ([(header::CACHE_CONTROL, "no-cache")], Html(NOT_BUILT)).into_response(),
    }
}
