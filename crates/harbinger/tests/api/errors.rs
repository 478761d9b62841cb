use serde_json::Value;

async fn problem(res: reqwest::Response, status: u16) -> Value {
    assert_eq!(res.status(), status);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], status);
    assert!(
        body["title"].is_string() && body["type"].is_string(),
        "{body}"
    );
    body
}

both_backends!(unknown_api_path_is_problem_json_404, |app| {
    let body = problem(app.get("/api/v1/nothing-here").await, 404).await;
    assert!(
        body["detail"].as_str().unwrap().contains("openapi"),
        "{body}"
    );
});

both_backends!(undeclared_method_is_405_with_allow, |app| {
    let res = app
        .client
        .post(format!("{}/healthz", app.url))
        .send()
        .await
        .unwrap();
    let allow = res.headers()["allow"].to_str().unwrap().to_owned();
    assert!(allow.contains("GET"), "{allow}");
    problem(res, 405).await;
    let trace = app
        .client
        .request(reqwest::Method::TRACE, format!("{}/readyz", app.url))
        .send()
        .await
        .unwrap();
    problem(trace, 405).await;
});

both_backends!(body_over_one_mebibyte_is_413, |app| {
    let big = vec![b'a'; 1024 * 1024 + 1];
    let res = app
        .client
        .post(format!("{}/api/v1/anything", app.url))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    problem(res, 413).await;
});

both_backends!(non_get_on_dashboard_paths_is_405, |app| {
    let res = app
        .client
        .delete(format!("{}/signals", app.url))
        .send()
        .await
        .unwrap();
    problem(res, 405).await;
});
