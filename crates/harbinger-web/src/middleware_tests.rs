use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::routing::{get, post};
use http::{Request, StatusCode};
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;

use super::{HttpLimits, apply};

async fn call(app: Router, req: Request<Body>) -> (StatusCode, http::HeaderMap, serde_json::Value) {
    let res = app.oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    (status, headers, json)
}

fn get_req(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

async fn boom() -> &'static str {
    panic!("secret internal state")
}

#[tokio::test]
async fn a_panicking_handler_becomes_a_500_problem_without_details() {
    let app = apply(
        Router::new().route("/boom", get(boom)),
        &HttpLimits::default(),
    );
    let (status, headers, body) = call(app, get_req("/boom")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(headers["content-type"], "application/problem+json");
    assert!(headers.get("x-request-id").is_some());
    assert_eq!(body["status"], 500);
    assert!(!body.to_string().contains("secret internal state"));
}

#[tokio::test]
async fn a_slow_handler_times_out_as_503_problem() {
    let limits = HttpLimits {
        request_timeout: Duration::from_millis(50),
        ..HttpLimits::default()
    };
    let app = apply(
        Router::new().route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        ),
        &limits,
    );
    let (status, headers, body) = call(app, get_req("/slow")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(headers["content-type"], "application/problem+json");
    assert_eq!(body["title"], "Service Unavailable");
}

#[tokio::test]
async fn extractor_rejections_become_problems_with_their_reason() {
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct In {
        email: String,
    }
    let app = apply(
        Router::new().route("/in", post(|axum::Json(_): axum::Json<In>| async { "ok" })),
        &HttpLimits::default(),
    );
    let req = Request::post("/in")
        .header("content-type", "application/json")
        .body(Body::from("{}"))
        .unwrap();
    let (status, headers, body) = call(app.clone(), req).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(headers["content-type"], "application/problem+json");
    assert!(body["detail"].as_str().unwrap().contains("email"), "{body}");

    let wrong_type = Request::post("/in")
        .header("content-type", "text/plain")
        .body(Body::from("{}"))
        .unwrap();
    let (status, _, body) = call(app.clone(), wrong_type).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body["status"], 415);

    let broken = Request::post("/in")
        .header("content-type", "application/json")
        .body(Body::from("{\"email\":"))
        .unwrap();
    let (status, _, body) = call(app, broken).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["status"], 400);
}

#[tokio::test]
async fn client_request_ids_are_kept() {
    let app = apply(
        Router::new().route("/", get(|| async { "hi" })),
        &HttpLimits::default(),
    );
    let req = Request::get("/")
        .header("x-request-id", "abc-123")
        .body(Body::empty())
        .unwrap();
    let (_, headers, _) = call(app, req).await;
    assert_eq!(headers["x-request-id"], "abc-123");
}

/// A client's request id is logged, echoed and audited only when it is 1–64 characters of
/// `[A-Za-z0-9._:-]`; anything else is replaced by a fresh UUID before any layer or handler
/// reads it.
#[tokio::test]
async fn unplain_client_request_ids_are_replaced() {
    let app = apply(
        Router::new().route(
            "/",
            get(|headers: http::HeaderMap| async move {
                // What a handler (and the audit row built from the request) sees.
                headers["x-request-id"].to_str().unwrap().to_owned()
            }),
        ),
        &HttpLimits::default(),
    );
    let send = |ids: &[&[u8]]| {
        let mut req = Request::get("/");
        for id in ids {
            req = req.header("x-request-id", http::HeaderValue::from_bytes(id).unwrap());
        }
        let app = app.clone();
        async move {
            let res = app.oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
            let echoed = res.headers()["x-request-id"].to_str().unwrap().to_owned();
            let body = res.into_body().collect().await.unwrap().to_bytes();
            (echoed, String::from_utf8(body.to_vec()).unwrap())
        }
    };
    let fresh = |(echoed, seen): (String, String), sent: &[u8]| {
        assert_ne!(echoed.as_bytes(), sent);
        assert_eq!(echoed, seen, "the handler sees the id that is echoed");
        assert!(uuid::Uuid::parse_str(&echoed).is_ok(), "{echoed}");
    };
    let long = "a".repeat(65);
    for bad in [
        long.as_bytes(),
        b"has space",
        b"<script>alert(1)</script>",
        b"quote\"d",
        b"x\tlevel=error msg=forged",
        "caf\u{e9}".as_bytes(),
        b"",
    ] {
        fresh(send(&[bad]).await, bad);
    }
    // Two ids at once: neither is trusted.
    let (echoed, seen) = send(&[b"first", b"second"]).await;
    assert!(
        uuid::Uuid::parse_str(&echoed).is_ok() && echoed == seen,
        "{echoed}"
    );
    // Plain ids up to the cap are kept as they are.
    let longest = "Z".repeat(64);
    for good in ["abc-123", "01HZX.trace_id:span-7", longest.as_str()] {
        assert_eq!(
            send(&[good.as_bytes()]).await,
            (good.to_owned(), good.to_owned())
        );
    }
}
