use serde_json::Value;

both_backends!(openapi_lists_every_route_and_each_one_answers, |app| {
    let res = app.get("/api/openapi.json").await;
    assert_eq!(res.status(), 200);
    let spec: Value = res.json().await.unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    let paths = spec["paths"].as_object().unwrap();
    for p in ["/healthz", "/readyz", "/metrics", "/api/openapi.json"] {
        assert!(paths.contains_key(p), "{p} missing from the spec");
    }
    // Every documented GET route is really served (no stale entries in the spec): routes that
    // need a signed-in caller answer 401 to an anonymous one, and a 400 for a missing required
    // parameter still proves the route exists.
    for (path, ops) in paths {
        if ops.get("get").is_some() && !path.contains('{') {
            let status = app.get(path).await.status();
            let needs_auth = path.starts_with("/api/v1/me")
                || path.starts_with("/api/v1/admin/")
                || path == "/api/v1/api-keys"
                || path == "/api/v1/backtests"
                || path == "/api/v1/billing/usage"
                || path == "/api/v1/portfolios"
                || path == "/api/v1/export/portfolio.csv"
                || path == "/api/v1/export/signals.csv"
                || path == "/api/v1/export/track-record.csv"
                || path == "/api/v1/signals"
                || path == "/api/v1/stream"
                || path == "/api/v1/watchlist";
            let expected = if needs_auth {
                status == 401
            } else {
                matches!(status.as_u16(), 200 | 400 | 503)
            };
            assert!(expected, "{path} answered {status}");
        }
    }
});

#[test]
fn the_spec_is_generated_from_code_and_stable() {
    let a = harbinger_web::openapi().to_json().unwrap();
    let b = harbinger_web::openapi().to_json().unwrap();
    assert_eq!(a, b);
    assert!(a.contains("\"Readiness\""), "schemas are included");
}

/// Operation ids are unique, and a created object's id is linked to the operations below it,
/// so clients and schemathesis' stateful phase can follow a portfolio from its creation.
#[test]
fn operation_ids_are_unique_and_creations_link_to_their_objects() {
    let spec: serde_json::Value =
        serde_json::from_str(&harbinger_web::openapi().to_json().unwrap()).unwrap();
    let mut ids = std::collections::BTreeSet::new();
    for item in spec["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            let id = op["operationId"].as_str().unwrap().to_owned();
            assert!(ids.insert(id.clone()), "operationId {id} repeats");
        }
    }
    let links = &spec["paths"]["/api/v1/portfolios"]["post"]["responses"]["201"]["links"];
    let get = &links["get_portfolios_id"];
    assert_eq!(get["operationId"], "get_portfolios_id");
    assert_eq!(get["parameters"]["id"], "$response.body#/id");
    assert!(ids.contains("get_portfolios_id"));
    let tx = &spec["paths"]["/api/v1/portfolios/{id}/transactions"]["post"]["responses"]["201"]["links"]
        ["delete_portfolios_id_transactions_tx_id"];
    assert_eq!(tx["parameters"]["id"], "$request.path.id");
    assert_eq!(tx["parameters"]["tx_id"], "$response.body#/id");
}
