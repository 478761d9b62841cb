use std::process::Command;

use serde_json::Value;

/// Runs the real `harbinger` binary against the test server's database.
fn harbinger(db_url: &str, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_harbinger"));
    for (k, _) in std::env::vars() {
        if k.starts_with("HARBINGER_") {
            c.env_remove(k);
        }
    }
    c.env("HARBINGER_DATABASE_URL", db_url)
        .env("HARBINGER_LOG", "warn");
    c.envs(env.iter().copied()).args(args).output().unwrap()
}

/// `harbinger backfill --provider yahoo --symbols AAPL` for the first days of 2020, with the
/// Yahoo base URL pointing at `yahoo_base`.
async fn backfill_aapl_2020(db_url: &str, yahoo_base: &str) -> std::process::Output {
    let (url, base) = (db_url.to_owned(), yahoo_base.to_owned());
    tokio::task::spawn_blocking(move || {
        harbinger(
            &url,
            &[
                "backfill",
                "--provider",
                "yahoo",
                "--symbols",
                "AAPL",
                "--from",
                "2020-01-01",
                "--to",
                "2020-01-04",
                "--json",
            ],
            &[("HARBINGER_MARKET__YAHOO_BASE_URL", &base)],
        )
    })
    .await
    .unwrap()
}

both_backends!(backfill_from_yahoo_stores_exactly_what_it_sent, |app| {
    let fake =
        harbinger_testkit::fakes::yahoo_chart(harbinger_testkit::fakes::YAHOO_CHART_AAPL_2020)
            .await;
    let out = backfill_aapl_2020(&app.db.url, &fake.base_url).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["symbols"][0]["stored"], 1, "{report}");
    assert_eq!(fake.hits(), 1, "one upstream call");

    let sent: Value =
        serde_json::from_str(harbinger_testkit::fakes::YAHOO_CHART_AAPL_2020).unwrap();
    let close = sent["chart"]["result"][0]["indicators"]["quote"][0]["close"][0]
        .as_f64()
        .unwrap();
    let res = app
        .get("/api/v1/market/AAPL/bars?interval=1d&from=2020-01-01&to=2020-01-04")
        .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let bars = body["bars"].as_array().unwrap();
    assert_eq!(bars.len(), 1, "{body}");
    assert_eq!(bars[0]["date"], "2020-01-02");
    assert_eq!(
        bars[0]["close"].as_f64().unwrap().to_bits(),
        close.to_bits(),
        "the exact price sent"
    );
    assert_eq!(bars[0]["source"], "yahoo");

    // Running it again (a resumed backfill) leaves the same data.
    backfill_aapl_2020(&app.db.url, &fake.base_url).await;
    let again: Value = app
        .get("/api/v1/market/AAPL/bars?from=2020-01-01&to=2020-01-04")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["bars"], body["bars"]);
});

both_backends!(import_csv_then_read_bars, |app| {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.csv");
    std::fs::write(&file, "date,open,high,low,close,volume,adj_close\n2020-01-03,10.5,12,10,11,200,11\n2020-01-02,10,11,9,10.5,100,10.5\n2020-01-06,11,11.5,0,11.2,50,11.2\n").unwrap();
    let url = app.db.url.clone();
    let path = file.display().to_string();
    let out = tokio::task::spawn_blocking(move || {
        harbinger(
            &url,
            &["import-csv", &path, "--symbol", "test", "--json"],
            &[],
        )
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["stored"], 2);
    assert_eq!(report["skipped"]["non_positive_price"], 1);
    let body: Value = app
        .get("/api/v1/market/TEST/bars")
        .await
        .json()
        .await
        .unwrap();
    let closes: Vec<f64> = body["bars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["close"].as_f64().unwrap())
        .collect();
    assert_eq!(closes, [10.5, 11.0], "sorted by date, bad row left out");
    assert_eq!(body["bars"][0]["source"], "csv");
});

both_backends!(bars_endpoint_rejects_bad_input_with_problems, |app| {
    for q in [
        "/api/v1/market/A;B/bars",
        "/api/v1/market/AAPL/bars?interval=7x",
        "/api/v1/market/AAPL/bars?from=yesterday",
        "/api/v1/market/AAPL/bars?limit=100000",
        "/api/v1/market/AAPL/bars?unknown=1",
    ] {
        let res = app.get(q).await;
        assert_eq!(res.status(), 400, "{q}");
        assert_eq!(
            res.headers()["content-type"],
            "application/problem+json",
            "{q}"
        );
    }
    // A reversed range is an empty one, answered without asking any provider.
    let res = app
        .get("/api/v1/market/AAPL/bars?from=2020-02-01&to=2020-01-01")
        .await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["bars"], serde_json::json!([]));
});

both_backends!(symbol_search_uses_the_bundled_instrument_list, |app| {
    let body: Value = app
        .get("/api/v1/symbols?q=aapl")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["items"][0]["symbol"], "AAPL", "{body}");
    let by_name: Value = app
        .get("/api/v1/symbols?q=microsoft&limit=5")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        by_name["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["symbol"] == "MSFT"),
        "{by_name}"
    );
    assert_eq!(app.get("/api/v1/symbols?q=").await.status(), 400);
    assert_eq!(app.get("/api/v1/symbols?q=a&limit=500").await.status(), 400);
});

#[tokio::test]
async fn the_replay_feed_moves_prices_with_no_configuration() {
    let app = harbinger_testkit::spawn_app_with(harbinger_testkit::Backend::Sqlite, |c| {
        c.market.replay_bar_seconds = 0.05;
    })
    .await;
    let first: Value = app
        .get("/api/v1/market/AAPL/bars")
        .await
        .json()
        .await
        .unwrap();
    let start = first["as_of"]
        .as_i64()
        .expect("warm-up history is there at start");
    assert!(
        first["bars"].as_array().unwrap().len() >= 200,
        "a year of warm-up bars"
    );
    assert_eq!(first["bars"][0]["source"], "replay");
    let mut later = start;
    for _ in 0..100 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let now: Value = app
            .get("/api/v1/market/AAPL/bars")
            .await
            .json()
            .await
            .unwrap();
        later = now["as_of"].as_i64().unwrap();
        if later > start {
            break;
        }
    }
    assert!(
        later > start,
        "the newest AAPL bar advanced ({start} -> {later})"
    );
}

#[tokio::test]
async fn the_replay_feed_publishes_each_stored_bar_on_the_bus() {
    use futures::StreamExt as _;
    use harbinger_marketdata::{BarBus, InProcessBus};

    let db = harbinger_store::testing::TestDb::sqlite().await;
    let bus = std::sync::Arc::new(InProcessBus::new());
    let feed = harbinger::replay_feed::ReplayFeed::new(db.store.clone(), 0.01)
        .unwrap()
        .with_bus(bus.clone());
    let sym = harbinger_core::Symbol::parse("AAPL").unwrap();
    let mut events = bus.subscribe(&sym).await.unwrap();
    let stop = tokio_util::sync::CancellationToken::new();
    let running = tokio::spawn(feed.run(stop.clone()));
    let event = tokio::time::timeout(std::time::Duration::from_secs(10), events.next())
        .await
        .expect("a replayed AAPL bar within 10 s")
        .unwrap();
    stop.cancel();
    running.await.unwrap();
    assert_eq!(
        (event.symbol.as_str(), event.interval.as_str()),
        ("AAPL", "1d")
    );
    assert_eq!(event.source, "replay");
    let stored = db
        .store
        .bars(&harbinger_store::BarQuery {
            symbol: sym,
            interval: harbinger_core::Interval::D1,
            from: event.bar.time,
            to: event.bar.time,
            limit: 1,
        })
        .await
        .unwrap();
    assert_eq!(stored.len(), 1, "published only after it was stored");
    assert_eq!(Some(stored[0].bar), event.bar.bar());
}
