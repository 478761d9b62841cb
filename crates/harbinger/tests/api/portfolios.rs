//! Portfolios: CRUD and the plan limit, transactions valued on stored daily bars with
//! hand-checked numbers, CSV import (all or nothing) and export, and object-level
//! authorization.

use harbinger_core::{Bar, Interval, Plan, Symbol};
use reqwest::Method;
use serde_json::{Value, json};

use crate::accounts::support::{both, get, json_of, post, set_plan, user};

/// 2024-01-02, 00:00 UTC, in Unix seconds.
const D0: i64 = 1_704_153_600;
const DAY: i64 = 86_400;

async fn send(
    app: &harbinger_testkit::TestApp,
    method: Method,
    path: &str,
    cookie: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut r = app
        .client
        .request(method, format!("{}{path}", app.url))
        .header("cookie", cookie);
    if let Some(b) = body {
        r = r.json(&b);
    }
    r.send().await.unwrap()
}

async fn import(
    app: &harbinger_testkit::TestApp,
    id: &str,
    cookie: &str,
    csv: &str,
) -> reqwest::Response {
    app.client
        .post(format!(
            "{}/api/v1/portfolios/{id}/transactions/import",
            app.url
        ))
        .header("cookie", cookie)
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap()
}

async fn create(app: &harbinger_testkit::TestApp, cookie: &str, name: &str) -> String {
    let res = post(
        app,
        "/api/v1/portfolios",
        Some(cookie),
        json!({"name": name}),
    )
    .await;
    assert_eq!(res.status(), 201);
    json_of(res).await["id"].as_str().unwrap().to_owned()
}

async fn closes(app: &harbinger_testkit::TestApp, symbol: &str, closes: &[f64]) {
    let bars: Vec<Bar> = closes
        .iter()
        .enumerate()
        .map(|(i, &c)| Bar::new(D0 + i as i64 * DAY, c, c, c, c, 1_000.0, None).unwrap())
        .collect();
    let sym = Symbol::parse(symbol).unwrap();
    app.db
        .store
        .upsert_bars(&sym, Interval::D1, "test", &bars)
        .await
        .unwrap();
}

both!(portfolios_crud_and_the_plan_limit, |app, _clock| {
    let cookie = user(&app, "free@example.com").await;
    let res = post(
        &app,
        "/api/v1/portfolios",
        Some(&cookie),
        json!({"name": "  Main "}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let p = json_of(res).await;
    let id = p["id"].as_str().unwrap();
    assert_eq!(location, format!("/api/v1/portfolios/{id}"));
    assert_eq!(
        (p["name"].as_str(), p["base_currency"].as_str()),
        (Some("Main"), Some("USD"))
    );

    // The free plan keeps one portfolio.
    let res = post(
        &app,
        "/api/v1/portfolios",
        Some(&cookie),
        json!({"name": "Two"}),
    )
    .await;
    assert_eq!(res.status(), 403);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    assert!(
        json_of(res).await["detail"]
            .as_str()
            .unwrap()
            .contains("upgrade")
    );

    for bad in [
        json!({"name": ""}),
        json!({"name": "x".repeat(101)}),
        json!({"name": "a", "owner": "b"}),
    ] {
        let res = post(&app, "/api/v1/portfolios", Some(&cookie), bad.clone()).await;
        assert_eq!(res.status(), 400, "{bad}");
    }
    let list = json_of(get(&app, "/api/v1/portfolios", Some(&cookie)).await).await;
    assert_eq!(list.as_array().unwrap().len(), 1);

    let path = format!("/api/v1/portfolios/{id}");
    let res = send(
        &app,
        Method::PATCH,
        &path,
        &cookie,
        Some(json!({"name": "Renamed"})),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(json_of(res).await["name"], "Renamed");
    let detail = json_of(get(&app, &path, Some(&cookie)).await).await;
    assert_eq!(detail["name"], "Renamed");
    assert_eq!(detail["total_value"], "0");
    assert!(detail["twr"].is_null());

    assert_eq!(
        send(&app, Method::DELETE, &path, &cookie, None)
            .await
            .status(),
        204
    );
    assert_eq!(get(&app, &path, Some(&cookie)).await.status(), 404);
    // Room again for one.
    create(&app, &cookie, "Again").await;
    set_plan(&app, "free@example.com", Plan::Pro).await;
    create(&app, &cookie, "Second").await;
});

both!(transactions_are_valued_on_stored_bars, |app, _clock| {
    let cookie = user(&app, "val@example.com").await;
    let id = create(&app, &cookie, "Valued").await;
    closes(&app, "HBTA", &[100.0, 110.0, 121.0]).await;
    closes(&app, "HBTB", &[50.0, 50.0, 40.0]).await;
    let txs = format!("/api/v1/portfolios/{id}/transactions");
    for t in [
        json!({"kind": "cash_in", "time": "2024-01-02", "quantity": "10000"}),
        json!({"kind": "buy", "time": "2024-01-02", "symbol": "hbta", "quantity": "10", "price": "100", "fee": "1"}),
        json!({"kind": "buy", "time": "2024-01-02", "symbol": "HBTB", "quantity": 20, "price": 50}),
        json!({"kind": "sell", "time": "2024-01-03", "symbol": "HBTA", "quantity": "5", "price": "110", "fee": "1"}),
        json!({"kind": "buy", "time": "2024-01-03T15:00:00Z", "symbol": "NOPX", "quantity": "3", "price": "10"}),
    ] {
        let res = post(&app, &txs, Some(&cookie), t.clone()).await;
        assert_eq!(res.status(), 201, "{t}: {}", res.text().await.unwrap());
    }
    // A sell beyond the holding, a bad kind, and an unknown field are refused.
    let res = post(&app, &txs, Some(&cookie), json!({"kind": "sell", "time": "2024-01-04", "symbol": "HBTA", "quantity": "6", "price": "1"})).await;
    assert_eq!(res.status(), 422);
    let detail = json_of(res).await["detail"].as_str().unwrap().to_owned();
    assert!(
        detail.contains("HBTA") && detail.contains("5 held"),
        "{detail}"
    );
    let res = post(
        &app,
        &txs,
        Some(&cookie),
        json!({"kind": "short", "time": "2024-01-04", "symbol": "HBTA", "quantity": "1"}),
    )
    .await;
    assert_eq!(res.status(), 422);
    let res = post(&app, &txs, Some(&cookie), json!({"kind": "buy", "time": "2024-01-04", "symbol": "HBTA", "quantity": "1", "price": "1", "note": "x"})).await;
    assert_eq!(res.status(), 400);

    let list = json_of(get(&app, &txs, Some(&cookie)).await).await;
    assert_eq!(list.as_array().unwrap().len(), 5);
    assert_eq!(list[1]["cash_effect"], "-1001");
    let page = json_of(get(&app, &format!("{txs}?limit=2&offset=4"), Some(&cookie)).await).await;
    assert_eq!(page.as_array().unwrap().len(), 1);

    // By hand: cash 10000 − 1001 − 1000 + (550 − 1) − 30 = 8518. HBTA: 5 left of the first
    // lot, cost 1001 / 2 = 500.5, at 121 → 605; HBTB: 20 at 40 → 800; NOPX has no bars.
    let v = json_of(get(&app, &format!("/api/v1/portfolios/{id}"), Some(&cookie)).await).await;
    assert_eq!(v["cash"], "8518", "{v}");
    assert_eq!(v["realized_pnl"], "48.5"); // 549 − 500.5
    assert_eq!(v["holdings_value"], "1405");
    assert_eq!(v["total_value"], "9923");
    assert_eq!(v["unrealized_pnl"], "-95.5"); // 104.5 − 200
    assert_eq!(v["net_flows"], "10000");
    assert_eq!(v["unpriced"], json!(["NOPX"]));
    assert_eq!(v["cash_weight"], "0.85840976"); // 8518 / 9923
    let pos = v["positions"].as_array().unwrap();
    assert_eq!(pos[0]["symbol"], "HBTA");
    assert_eq!(pos[0]["quantity"], "5");
    assert_eq!(pos[0]["cost_basis"], "500.5");
    assert_eq!(pos[0]["last_price"], "121");
    assert_eq!(pos[0]["price_time"], D0 + 2 * DAY);
    assert_eq!(pos[0]["market_value"], "605");
    assert_eq!(pos[0]["unrealized_pnl"], "104.5");
    assert_eq!(pos[0]["weight"], "0.06096946"); // 605 / 9923
    assert_eq!(pos[1]["weight"], "0.08062078"); // 800 / 9923
    assert_eq!(pos[2]["symbol"], "NOPX");
    assert_eq!(pos[2]["priced"], false);
    assert!(pos[2]["last_price"].is_null() && pos[2]["weight"].is_null());
    // TWR: day 0 is 9999 on 10000 paid in; days 1 and 2 have no flows, so the whole series is
    // 9953 / 10000 − 1 (NOPX counted at cost while unpriced: 8518 + 605 + 800 + 30).
    let series = v["twr_series"].as_array().unwrap();
    let dates: Vec<&str> = series.iter().map(|p| p["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2024-01-02", "2024-01-03", "2024-01-04"]);
    assert_eq!(series[0]["flow"], "10000");
    assert_eq!(series[1]["value"], "10098");
    assert_eq!(series[2]["value"], "9953");
    assert_eq!(v["twr"], "-0.0047");

    // Deleting the buy under a later sell is refused; deleting the sell is not.
    let buy_id = list[1]["id"].as_str().unwrap();
    let res = send(
        &app,
        Method::DELETE,
        &format!("{txs}/{buy_id}"),
        &cookie,
        None,
    )
    .await;
    assert_eq!(res.status(), 409);
    let sell_id = list[3]["id"].as_str().unwrap();
    let res = send(
        &app,
        Method::DELETE,
        &format!("{txs}/{sell_id}"),
        &cookie,
        None,
    )
    .await;
    assert_eq!(res.status(), 204);
    let v = json_of(get(&app, &format!("/api/v1/portfolios/{id}"), Some(&cookie)).await).await;
    assert_eq!(v["realized_pnl"], "0");
});

both!(csv_import_is_all_or_nothing, |app, _clock| {
    let cookie = user(&app, "csv@example.com").await;
    let id = create(&app, &cookie, "Imported").await;
    let txs = format!("/api/v1/portfolios/{id}/transactions");
    let bad = "date,symbol,side,quantity,price,fee\n\
               2024-01-02,,cash_in,1000,,\n\
               2024-01-02,HBTA,short,1,1,0\n\
               2024-01-02,HBTA,buy,1,100,0\n\
               yesterday,HBTA,buy,1,100,0\n";
    let res = import(&app, &id, &cookie, bad).await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let p = json_of(res).await;
    let lines: Vec<u64> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [3, 5], "{p}");
    assert!(
        p["errors"][0]["reason"].as_str().unwrap().contains("side"),
        "{p}"
    );
    assert_eq!(
        json_of(get(&app, &txs, Some(&cookie)).await).await,
        json!([]),
        "nothing stored"
    );

    // Every row parses, but the sell on line 3 comes before any buy.
    let oversell = "date,symbol,side,quantity,price,fee\n\
                    2024-01-03,HBTA,buy,1,100,0\n\
                    2024-01-02,HBTA,sell,1,100,0\n";
    let p = json_of(import(&app, &id, &cookie, oversell).await).await;
    assert_eq!(p["errors"][0]["line"], 3, "{p}");
    assert_eq!(
        json_of(get(&app, &txs, Some(&cookie)).await).await,
        json!([])
    );

    let res = app
        .client
        .post(format!("{}{txs}/import", app.url))
        .header("cookie", &cookie)
        .json(&json!({"csv": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 415);

    let good = "side,date,symbol,quantity,price,fee\r\n\
                cash_in,2024-01-02,,1000,,\r\n\
                buy,2024-01-02,HBTA,4,100,1\r\n\
                sell,2024-01-03,HBTA,1,120,\r\n";
    let res = import(&app, &id, &cookie, good).await;
    assert_eq!(res.status(), 201);
    assert_eq!(json_of(res).await["imported"], 3);
    let v = json_of(get(&app, &format!("/api/v1/portfolios/{id}"), Some(&cookie)).await).await;
    assert_eq!(v["cash"], "719"); // 1000 − 401 + 120
    assert_eq!(v["realized_pnl"], "19.75"); // 120 − 401 / 4
});

both!(csv_export_streams_the_owners_transactions, |app, _clock| {
    let cookie = user(&app, "export@example.com").await;
    set_plan(&app, "export@example.com", Plan::Pro).await;
    let evil = create(&app, &cookie, "=HYPERLINK(\"http://evil\",\"x\")").await;
    let plain = create(&app, &cookie, "Plain, \"quoted\"").await;
    let t = |kind: &str, time: &str, symbol: Option<&str>, q: &str, p: &str, f: &str| json!({"kind": kind, "time": time, "symbol": symbol, "quantity": q, "price": p, "fee": f});
    for (id, body) in [
        (
            &evil,
            t("buy", "2024-01-02", Some("=EVIL"), "2", "10.50", "0"),
        ),
        (
            &plain,
            t("cash_in", "2024-01-02T15:30:00Z", None, "500", "1", "0"),
        ),
        (
            &plain,
            t("buy", "2024-01-03", Some("BRK.B"), "0.5", "400", "1.25"),
        ),
    ] {
        let res = post(
            &app,
            &format!("/api/v1/portfolios/{id}/transactions"),
            Some(&cookie),
            body,
        )
        .await;
        assert_eq!(res.status(), 201);
    }
    let res = get(
        &app,
        &format!("/api/v1/export/portfolio.csv?portfolio={evil}"),
        Some(&cookie),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"portfolio.csv\""
    );
    assert_eq!(
        res.text().await.unwrap(),
        "portfolio,date,symbol,side,quantity,price,fee\r\n\
         \"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",2024-01-02,'=EVIL,buy,2,10.5,0\r\n"
    );
    let all = get(&app, "/api/v1/export/portfolio.csv", Some(&cookie))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(all.lines().count(), 4, "{all}");
    let plain_csv = get(
        &app,
        &format!("/api/v1/export/portfolio.csv?portfolio={plain}"),
        Some(&cookie),
    )
    .await
    .text()
    .await
    .unwrap();
    assert_eq!(
        plain_csv,
        "portfolio,date,symbol,side,quantity,price,fee\r\n\
         \"Plain, \"\"quoted\"\"\",2024-01-02T15:30:00.000Z,,cash_in,500,1,0\r\n\
         \"Plain, \"\"quoted\"\"\",2024-01-03,BRK.B,buy,0.5,400,1.25\r\n"
    );
    // An export imports as it is.
    let copy = create(&app, &cookie, "Copy").await;
    let res = import(&app, &copy, &cookie, &plain_csv).await;
    assert_eq!(res.status(), 201);
    let v = json_of(get(&app, &format!("/api/v1/portfolios/{copy}"), Some(&cookie)).await).await;
    assert_eq!(v["cash"], "298.75");
    // Signed out: 401.
    assert_eq!(
        get(&app, "/api/v1/export/portfolio.csv", None)
            .await
            .status(),
        401
    );
});

both!(another_users_portfolios_are_404, |app, _clock| {
    let a = user(&app, "owner@example.com").await;
    let b = user(&app, "intruder@example.com").await;
    let id = create(&app, &a, "Mine").await;
    let txs = format!("/api/v1/portfolios/{id}/transactions");
    let res = post(
        &app,
        &txs,
        Some(&a),
        json!({"kind": "cash_in", "time": "2024-01-02", "quantity": "1"}),
    )
    .await;
    let tx_id = json_of(res).await["id"].as_str().unwrap().to_owned();
    let body = json!({"name": "x", "kind": "cash_in", "time": "2024-01-02", "quantity": "1"});
    for (m, path) in [
        (Method::GET, format!("/api/v1/portfolios/{id}")),
        (Method::PATCH, format!("/api/v1/portfolios/{id}")),
        (Method::DELETE, format!("/api/v1/portfolios/{id}")),
        (Method::GET, txs.clone()),
        (Method::POST, txs.clone()),
        (Method::DELETE, format!("{txs}/{tx_id}")),
        (
            Method::GET,
            format!("/api/v1/export/portfolio.csv?portfolio={id}"),
        ),
    ] {
        let res = send(&app, m.clone(), &path, &b, Some(body.clone())).await;
        assert_eq!(res.status(), 404, "{m} {path}");
    }
    assert_eq!(
        import(&app, &id, &b, "date,symbol,side,quantity,price,fee\n")
            .await
            .status(),
        404
    );
    // B's own export holds nothing of A's.
    let csv = get(&app, "/api/v1/export/portfolio.csv", Some(&b))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv, "portfolio,date,symbol,side,quantity,price,fee\r\n");
    // A still has everything.
    assert_eq!(
        json_of(get(&app, &txs, Some(&a)).await)
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        json_of(get(&app, "/api/v1/portfolios", Some(&a)).await).await[0]["name"],
        "Mine"
    );
});

both!(
    api_keys_read_with_any_scope_and_write_with_write,
    |app, _clock| {
        let cookie = user(&app, "keys@example.com").await;
        set_plan(&app, "keys@example.com", Plan::Quant).await;
        let key = |scopes: Value| {
            let (app, cookie) = (&app, &cookie);
            async move {
                let res = post(
                    app,
                    "/api/v1/api-keys",
                    Some(cookie),
                    json!({"name": "bot", "scopes": scopes}),
                )
                .await;
                assert_eq!(res.status(), 201);
                json_of(res).await["key"].as_str().unwrap().to_owned()
            }
        };
        let (ro, rw) = (
            key(json!(["read"])).await,
            key(json!(["read", "write"])).await,
        );
        let call = |m: Method, key: &str, body: Option<Value>| {
            let mut r = app
                .client
                .request(m, format!("{}/api/v1/portfolios", app.url))
                .bearer_auth(key);
            if let Some(b) = body {
                r = r.json(&b);
            }
            r.send()
        };
        let res = call(Method::POST, &ro, Some(json!({"name": "Bot"})))
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "a read-only key cannot create");
        let res = call(Method::POST, &rw, Some(json!({"name": "Bot"})))
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let listed = json_of(call(Method::GET, &ro, None).await.unwrap()).await;
        assert_eq!(listed[0]["name"], "Bot");
    }
);
