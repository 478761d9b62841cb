both_backends!(requests_are_counted_by_route_template, |app| {
    assert_eq!(app.get("/healthz").await.status(), 200);
    let _ = app.get("/api/v1/no/such/thing").await;
    let res = app.get("/metrics").await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = res.text().await.unwrap();
    let healthz = text
        .lines()
        .find(|l| {
            l.starts_with("harbinger_http_requests_total")
                && l.contains("route=\"/healthz\"")
                && l.contains("status=\"200\"")
        })
        .unwrap_or_else(|| panic!("no healthz counter in:\n{text}"));
    let n: f64 = healthz.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(n >= 1.0);
    // Raw paths never become labels; the API catch-all is labelled by its template.
    assert!(!text.contains("/api/v1/no/such/thing"));
    assert!(text.contains("route=\"/api/{*rest}\""));
    assert!(text.contains("harbinger_http_request_duration_seconds_bucket"));
    assert!(
        text.contains("harbinger_market_provider_breaker_open{provider=\"replay\"} 0"),
        "provider health is exported"
    );
    assert!(text.contains("harbinger_jobs{status=\"queued\"}") || text.contains("harbinger_jobs{"));
});
