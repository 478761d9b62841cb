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
