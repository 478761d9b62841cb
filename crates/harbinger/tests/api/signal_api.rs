//! Signals as subscribers read them: filters, cursor pages, the free tier's commit-reveal
//! (hash at issue, content after the delay), explanations, watchlists and the track record.

use harbinger_core::Plan;
use harbinger_store::{LedgerKind, LedgerRow, NewLedgerEntry, Store};
use serde_json::{Value, json};

use crate::accounts::support::{both, get, json_of, set_plan, user};

const DAY_MS: i64 = 86_400_000;

/// Appends a signal entry shaped as the publishing pass writes it.
pub(crate) async fn signal(
    store: &Store,
    strategy: &str,
    symbol: &str,
    bar_time: i64,
    confidence: &str,
    released_to_free_at: i64,
) -> LedgerRow {
    let entry = json!({
        "symbol": symbol, "strategy": strategy, "model_version": format!("v-{strategy}"),
        "side": "long", "bar_time": bar_time, "entry": "100.5", "stop": "98", "target": "105.5",
        "horizon_bars": 10, "confidence": confidence, "price_source": "replay",
        "drivers": [{"name": "sma_fast", "value": "101.25", "weight": "0.8"}],
        "released_to_free_at": released_to_free_at,
    });
    store
        .append_ledger(&NewLedgerEntry {
            kind: LedgerKind::Signal,
            strategy: strategy.into(),
            symbol: symbol.into(),
            bar_time,
            signal_id: None,
            entry,
        })
        .await
        .unwrap()
        .unwrap()
}

pub(crate) async fn outcome(store: &Store, s: &LedgerRow, status: &str, ret: &str, exit_time: i64) {
    store
        .append_ledger(&NewLedgerEntry {
            kind: LedgerKind::Outcome,
            strategy: s.strategy.clone(),
            symbol: s.symbol.clone(),
            bar_time: s.bar_time,
            signal_id: Some(s.id),
            entry: json!({"status": status, "exit_price": "105.5", "exit_time": exit_time,
                "bars_held": 3, "return": ret, "price_source": "replay",
                "released_to_free_at": 0}),
        })
        .await
        .unwrap()
        .unwrap();
}

async fn put_json(
    app: &harbinger_testkit::TestApp,
    path: &str,
    cookie: &str,
    body: Value,
) -> reqwest::Response {
    app.client
        .put(format!("{}{path}", app.url))
        .header("cookie", cookie)
        .json(&body)
        .send()
        .await
        .unwrap()
}

fn ids(page: &Value) -> Vec<String> {
    page["signals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

both!(signals_filter_page_and_reveal_by_plan, |app, clock| {
    let store = app.db.store.clone();
    // The server's time, which the test moves.
    let now = harbinger_core::Clock::now_ms(&clock);
    let past = now - DAY_MS;
    let aapl = signal(&store, "sma_cross", "AAPL", 1_000, "0.6", past).await;
    let msft = signal(&store, "rsi_reversion", "MSFT", 1_000, "0.4", past).await;
    // Issued now: the free tier sees only its hash for a day.
    let fresh = signal(&store, "ml", "AAPL", 2_000, "0.7", now + DAY_MS).await;
    outcome(&store, &aapl, "target_hit", "0.05", 5_000).await;

    let pro = user(&app, "pro@example.com").await;
    set_plan(&app, "pro@example.com", Plan::Pro).await;
    let free = user(&app, "free@example.com").await;

    // Anonymous callers get 401.
    assert_eq!(app.get("/api/v1/signals").await.status(), 401);

    // Pro: everything in full, newest first.
    let page = json_of(get(&app, "/api/v1/signals", Some(&pro)).await).await;
    let all = ids(&page);
    assert_eq!(all, [fresh.id, msft.id, aapl.id].map(|u| u.to_string()));
    assert!(page["next_cursor"].is_null());
    let first = &page["signals"][2];
    assert_eq!(first["symbol"], "AAPL");
    assert_eq!(first["strategy"], "sma_cross");
    assert_eq!(first["model_version"], "v-sma_cross");
    assert_eq!(first["side"], "long");
    assert_eq!(first["entry"], 100.5);
    assert_eq!(first["stop"], 98.0);
    assert_eq!(first["target"], 105.5);
    assert_eq!(first["horizon_bars"], 10);
    assert_eq!(first["confidence"], 0.6);
    assert_eq!(first["drivers"][0]["name"], "sma_fast");
    assert_eq!(first["drivers"][0]["value"], 101.25);
    assert_eq!(first["price_source"], "replay");
    assert_eq!(first["ledger_seq"], aapl.seq);
    assert_eq!(first["hash"], aapl.hash);
    assert_eq!(first["bar_time"], "1970-01-01T00:16:40Z");
    assert_eq!(first["outcome"]["status"], "target_hit");
    assert_eq!(first["outcome"]["return"], 0.05);
    assert_eq!(first["outcome"]["exit_price"], 105.5);
    assert_eq!(first["sealed"], false);
    assert!(page["signals"][0]["outcome"].is_null());
    assert_eq!(
        page["signals"][0]["sealed"], false,
        "Pro sees signals in real time"
    );

    // Filters.
    let q = |p: &str| format!("/api/v1/signals?{p}");
    let cases: [(&str, Vec<String>); 7] = [
        (
            "symbol=aapl",
            vec![fresh.id.to_string(), aapl.id.to_string()],
        ),
        ("strategy=rsi_reversion", vec![msft.id.to_string()]),
        ("min_confidence=0.65", vec![fresh.id.to_string()]),
        ("status=graded", vec![aapl.id.to_string()]),
        ("status=target_hit", vec![aapl.id.to_string()]),
        (
            "status=open",
            vec![fresh.id.to_string(), msft.id.to_string()],
        ),
        ("since=2000-01-01&symbol=MSFT", vec![msft.id.to_string()]),
    ];
    for (filter, want) in cases {
        let page = json_of(get(&app, &q(filter), Some(&pro)).await).await;
        assert_eq!(ids(&page), want, "{filter}");
    }
    let future = json_of(get(&app, &q("since=2999-01-01"), Some(&pro)).await).await;
    assert!(ids(&future).is_empty());

    // Cursor pages: every signal once, in order.
    let mut seen = Vec::new();
    let mut path = q("limit=1");
    loop {
        let page = json_of(get(&app, &path, Some(&pro)).await).await;
        seen.extend(ids(&page));
        match page["next_cursor"].as_str() {
            Some(c) => path = q(&format!("limit=1&cursor={c}")),
            None => break,
        }
    }
    assert_eq!(seen, all);

    // Bad filters are 400 problem+json.
    for bad in [
        "limit=0",
        "limit=501",
        "cursor=abc",
        "symbol=%24%24",
        "strategy=nope",
        "min_confidence=2",
        "status=won",
        "since=yesterday",
        "colour=red",
    ] {
        let res = get(&app, &q(bad), Some(&pro)).await;
        assert_eq!(res.status(), 400, "{bad}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }

    // Watchlist: limited by plan, normalised, and a signal filter.
    let watch = json_of(get(&app, "/api/v1/watchlist", Some(&free)).await).await;
    assert_eq!(watch["symbols"], json!([]));
    assert_eq!(watch["limit"], 5);
    let six = json!({"symbols": ["A", "B", "C", "D", "E", "F"]});
    let res = put_json(&app, "/api/v1/watchlist", &free, six.clone()).await;
    assert_eq!(res.status(), 403);
    assert!(
        json_of(res).await["detail"]
            .as_str()
            .unwrap()
            .contains("upgrade")
    );
    assert_eq!(
        put_json(&app, "/api/v1/watchlist", &pro, six)
            .await
            .status(),
        200
    );
    let res = put_json(
        &app,
        "/api/v1/watchlist",
        &pro,
        json!({"symbols": ["msft", "MSFT", "IBM"]}),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(json_of(res).await["symbols"], json!(["MSFT", "IBM"]));
    let watch = json_of(get(&app, "/api/v1/watchlist", Some(&pro)).await).await;
    assert_eq!(
        (watch["symbols"].clone(), watch["limit"].clone()),
        (json!(["MSFT", "IBM"]), json!(100))
    );
    let page = json_of(get(&app, &q("watchlist=true"), Some(&pro)).await).await;
    assert_eq!(ids(&page), [msft.id.to_string()]);
    for bad in [
        json!({"symbols": ["$$"]}),
        json!({"symbols": ["AAPL"], "owner": "x"}),
    ] {
        let res = put_json(&app, "/api/v1/watchlist", &pro, bad).await;
        assert!(
            matches!(res.status().as_u16(), 400 | 422),
            "{}",
            res.status()
        );
    }
    // The free user's watchlist is their own.
    let watch = json_of(get(&app, "/api/v1/watchlist", Some(&free)).await).await;
    assert_eq!(watch["symbols"], json!([]));

    // Free: the fresh signal is sealed — its hash and release time, nothing else.
    let page = json_of(get(&app, "/api/v1/signals", Some(&free)).await).await;
    assert_eq!(ids(&page), all, "free lists every signal");
    let sealed = &page["signals"][0];
    assert_eq!(sealed["sealed"], true);
    assert_eq!(sealed["hash"], fresh.hash);
    assert_eq!(sealed["ledger_seq"], fresh.seq);
    for hidden in [
        "symbol",
        "strategy",
        "side",
        "entry",
        "confidence",
        "drivers",
    ] {
        assert!(sealed[hidden].is_null(), "{hidden} leaked: {sealed}");
    }
    assert_eq!(page["signals"][1]["sealed"], false);
    // Filtering on content would reveal it: a delayed plan's filters see released signals only.
    let page = json_of(get(&app, &q("symbol=AAPL"), Some(&free)).await).await;
    assert_eq!(ids(&page), [aapl.id.to_string()]);
    let one = json_of(get(&app, &format!("/api/v1/signals/{}", fresh.id), Some(&free)).await).await;
    assert_eq!(one["sealed"], true);
    let res = get(
        &app,
        &format!("/api/v1/signals/{}/explanation", fresh.id),
        Some(&free),
    )
    .await;
    assert_eq!(res.status(), 403);
    assert!(
        json_of(res).await["detail"]
            .as_str()
            .unwrap()
            .contains("Pro")
    );
    // The public ledger seals it too, and a saved copy still verifies.
    let ledger = json_of(app.get("/api/v1/ledger").await).await;
    let entry = &ledger["entries"][usize::try_from(fresh.seq - 1).unwrap()];
    assert_eq!(entry["sealed"], true);
    assert!(entry["entry"].is_null() && entry["symbol"].is_null());
    assert_eq!(entry["hash"], fresh.hash);
    let export: harbinger::commands::ledger::LedgerExport =
        serde_json::from_value(ledger.clone()).unwrap();
    let links = export
        .entries
        .iter()
        .map(harbinger_store::PublishedEntry::link);
    let key = harbinger_ledger::CheckpointVerifier::from_public_hex(
        ledger["public_key"].as_str().unwrap(),
    )
    .unwrap();
    let verdict = harbinger_ledger::verify(links, &[], &key).unwrap();
    assert_eq!((verdict.rows, verdict.sealed), (4, 1));
    // Every public byte of a sealed entry is still checked, at its own seq.
    let at = usize::try_from(fresh.seq - 1).unwrap();
    for (field, value) in [
        (
            "recorded_at",
            json!(ledger["entries"][at]["recorded_at"].as_i64().unwrap() + 1),
        ),
        ("released_to_free_at", json!(0)),
        ("content_hash", json!("00".repeat(32))),
        ("kind", json!("outcome")),
    ] {
        let mut copy = ledger.clone();
        copy["entries"][at][field] = value;
        let export: harbinger::commands::ledger::LedgerExport =
            serde_json::from_value(copy).unwrap();
        let links = export
            .entries
            .iter()
            .map(harbinger_store::PublishedEntry::link);
        let err = harbinger_ledger::verify(links, &[], &key).unwrap_err();
        assert_eq!(err.seq(), fresh.seq, "{field}: {err}");
    }

    // A real-time plan reads the ledger in full; the saved copy verifies with no seal.
    let full = json_of(get(&app, "/api/v1/export/ledger.json", Some(&pro)).await).await;
    let export: harbinger::commands::ledger::LedgerExport = serde_json::from_value(full).unwrap();
    let links = export
        .entries
        .iter()
        .map(harbinger_store::PublishedEntry::link);
    let verdict = harbinger_ledger::verify(links, &[], &key).unwrap();
    assert_eq!((verdict.rows, verdict.sealed), (4, 0));
    let page = json_of(get(&app, "/api/v1/ledger", Some(&free)).await).await;
    assert_eq!(
        page["entries"][usize::try_from(fresh.seq - 1).unwrap()]["sealed"],
        true
    );

    // A day later the reveal matches the hash committed to at issue.
    clock.advance_ms(DAY_MS + 1);
    // (Sessions do not last a day: sign in again.)
    let free =
        crate::accounts::support::login(&app, "free@example.com", crate::accounts::support::PW)
            .await;
    let pro =
        crate::accounts::support::login(&app, "pro@example.com", crate::accounts::support::PW)
            .await;
    let one = json_of(get(&app, &format!("/api/v1/signals/{}", fresh.id), Some(&free)).await).await;
    assert_eq!(one["sealed"], false);
    assert_eq!(one["symbol"], "AAPL");
    assert_eq!(one["hash"], fresh.hash);
    let ledger = json_of(app.get("/api/v1/ledger").await).await;
    let export: harbinger::commands::ledger::LedgerExport = serde_json::from_value(ledger).unwrap();
    let links = export
        .entries
        .iter()
        .map(harbinger_store::PublishedEntry::link);
    let verdict = harbinger_ledger::verify(links, &[], &key).unwrap();
    assert_eq!((verdict.rows, verdict.sealed), (4, 0));

    // Explanations: drivers in words, with sources.
    let ex = json_of(
        get(
            &app,
            &format!("/api/v1/signals/{}/explanation", aapl.id),
            Some(&free),
        )
        .await,
    )
    .await;
    let summary = ex["summary"].as_str().unwrap();
    assert!(
        summary.contains("sma_cross") && summary.contains("AAPL") && summary.contains("sma_fast"),
        "{summary}"
    );
    assert!(
        ex["confidence_basis"]
            .as_str()
            .unwrap()
            .contains("hit rate")
    );
    assert_eq!(ex["sources"].as_array().unwrap().len(), 2);
    assert!(ex["research_note"].is_null());
    assert_eq!(
        ex["research_note_status"], "none",
        "nobody asked for a note yet"
    );

    // Unknown ids are 404 problem+json; malformed ones are refused too.
    let missing = uuid::Uuid::now_v7();
    for path in [
        format!("/api/v1/signals/{missing}"),
        format!("/api/v1/signals/{missing}/explanation"),
    ] {
        let res = get(&app, &path, Some(&pro)).await;
        assert_eq!(res.status(), 404, "{path}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }
    assert!(
        get(&app, "/api/v1/signals/not-a-uuid", Some(&pro))
            .await
            .status()
            .is_client_error()
    );
});

both!(track_record_keeps_live_and_backtest_apart, |app, _clock| {
    let store = app.db.store.clone();
    let now = store.clock().now_ms();
    let s1 = signal(&store, "sma_cross", "AAPL", 1_000, "0.7", now).await;
    let s2 = signal(&store, "sma_cross", "MSFT", 1_000, "0.3", now).await;
    let _open = signal(&store, "sma_cross", "IBM", 1_000, "0.5", now).await;
    outcome(&store, &s1, "target_hit", "0.04", 3_000).await;
    outcome(&store, &s2, "stop_hit", "-0.02", 2_000).await;

    // Public, before the backtest side is computed.
    let tr = json_of(app.get("/api/v1/track-record").await).await;
    let strategies = tr["strategies"].as_array().unwrap();
    assert_eq!(strategies.len(), 7);
    let sma = strategies
        .iter()
        .find(|s| s["strategy"] == "sma_cross")
        .unwrap();
    let live = &sma["live"]["stats"];
    assert_eq!(
        (
            live["signals"].clone(),
            live["graded"].clone(),
            live["wins"].clone()
        ),
        (json!(3), json!(2), json!(1))
    );
    assert_eq!(live["win_rate"], 0.5);
    assert!((live["average_return"].as_f64().unwrap() - 0.01).abs() < 1e-12);
    // Exit order: -0.02 then +0.04; the curve never fell below its first point's peak of 0.
    assert_eq!(live["equity"][0]["time"], 2_000);
    assert!((live["max_drawdown"].as_f64().unwrap() - 0.02).abs() < 1e-12);
    let brier = (0.7_f64 - 1.0).powi(2).mul_add(0.5, 0.3_f64.powi(2) * 0.5);
    assert!((live["calibration"]["brier"].as_f64().unwrap() - brier).abs() < 1e-12);
    assert_eq!(sma["live"]["versions"][0]["model_version"], "v-sma_cross");
    assert!(sma["backtest"].is_null());
    let ml = strategies.iter().find(|s| s["strategy"] == "ml").unwrap();
    assert!(ml["live"].is_null());

    // The daily job fills the backtest side; the live side is unchanged by it.
    assert_eq!(harbinger::track_record::refresh(&store).await.unwrap(), 7);
    let tr = json_of(app.get("/api/v1/track-record?strategy=sma_cross").await).await;
    assert_eq!(tr["strategies"].as_array().unwrap().len(), 1);
    let sma = &tr["strategies"][0];
    let bt = &sma["backtest"]["report"]["stats"];
    assert!(bt["graded"].as_u64().unwrap() > 100, "{bt}");
    assert!(bt["calibration"]["brier"].as_f64().unwrap() > 0.0);
    assert_eq!(sma["live"]["stats"]["graded"], 2, "never blended");
    let only_bt = json_of(app.get("/api/v1/track-record?mode=backtest").await).await;
    assert!(
        only_bt["strategies"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["live"].is_null())
    );
    assert!(
        only_bt["strategies"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| !s["backtest"].is_null())
    );
    let only_live = json_of(app.get("/api/v1/track-record?mode=live").await).await;
    assert!(
        only_live["strategies"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["backtest"].is_null())
    );
    for bad in ["mode=paper", "strategy=nope", "x=1"] {
        assert_eq!(
            app.get(&format!("/api/v1/track-record?{bad}"))
                .await
                .status(),
            400,
            "{bad}"
        );
    }
});

both!(
    exports_are_plan_gated_streamed_and_formula_safe,
    |app, _clock| {
        let store = app.db.store.clone();
        let now = store.clock().now_ms() - 1;
        let s1 = signal(&store, "sma_cross", "AAPL", 1_000, "0.7", now).await;
        let s2 = signal(&store, "rsi_reversion", "MSFT", 2_000, "0.3", now).await;
        outcome(&store, &s2, "stop_hit", "-0.02", 3_000).await;
        // A model version is text from the ledger: a formula in it must stay text.
        let planted = store
            .append_ledger(&NewLedgerEntry {
                kind: LedgerKind::Signal,
                strategy: "macd_trend".into(),
                symbol: "IBM".into(),
                bar_time: 3_000,
                signal_id: None,
                entry: json!({"side": "short", "entry": "10", "stop": "11", "target": "8",
                "horizon_bars": 10, "confidence": "0.5", "price_source": "replay",
                "model_version": "=HYPERLINK(\"http://evil\",\"x\")", "released_to_free_at": 0}),
            })
            .await
            .unwrap()
            .unwrap();

        let free = user(&app, "free@example.com").await;
        for path in [
            "/api/v1/export/signals.csv",
            "/api/v1/export/track-record.csv",
        ] {
            let res = get(&app, path, Some(&free)).await;
            assert_eq!(res.status(), 403, "{path}");
            assert!(
                json_of(res).await["detail"]
                    .as_str()
                    .unwrap()
                    .contains("upgrade")
            );
            assert_eq!(app.get(path).await.status(), 401);
        }

        let pro = user(&app, "pro@example.com").await;
        set_plan(&app, "pro@example.com", Plan::Pro).await;
        let res = get(&app, "/api/v1/export/signals.csv", Some(&pro)).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
        assert!(
            res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains("signals.csv")
        );
        let text = res.text().await.unwrap();
        let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(
            lines[0],
            "id,issued_at,symbol,strategy,model_version,side,bar_time,entry,stop,target,horizon_bars,confidence,price_source,ledger_seq,hash,released_to_free_at,status,exit_price,exit_time,return"
        );
        assert_eq!(lines.len(), 4, "{text}");
        // Newest first; the formula is prefixed with ' and quoted (it holds commas and quotes).
        assert!(
            lines[1].starts_with(&planted.id.to_string()),
            "{}",
            lines[1]
        );
        assert!(
            lines[1].contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",short,"),
            "{}",
            lines[1]
        );
        // A negative return is a number a spreadsheet could take for a formula: prefixed too.
        assert!(lines[2].starts_with(&s2.id.to_string()));
        assert!(
            lines[2].contains(",stop_hit,105.5,1970-01-01T00:50:00Z,'-0.02"),
            "{}",
            lines[2]
        );
        assert!(lines[3].starts_with(&s1.id.to_string()));
        assert!(lines[3].ends_with(",open,,,"), "{}", lines[3]);
        // The same filters as the list.
        let text = get(&app, "/api/v1/export/signals.csv?symbol=MSFT", Some(&pro))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(text.split("\r\n").filter(|l| !l.is_empty()).count(), 2);
        assert_eq!(
            get(&app, "/api/v1/export/signals.csv?status=won", Some(&pro))
                .await
                .status(),
            400
        );

        let res = get(&app, "/api/v1/export/track-record.csv", Some(&pro)).await;
        assert_eq!(res.status(), 200);
        let text = res.text().await.unwrap();
        let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines[0].starts_with("strategy,mode,since,signals,graded,wins,win_rate"));
        let rsi = lines
            .iter()
            .find(|l| l.starts_with("rsi_reversion,live,"))
            .unwrap();
        let cells: Vec<&str> = rsi.split(',').collect();
        assert_eq!(&cells[3..8], ["1", "1", "0", "0.0", "0"], "{rsi}");
        assert_eq!(cells[8], "'-0.02", "{rsi}");
        assert!(
            !lines.iter().any(|l| l.contains(",backtest,")),
            "no backtest rows before the job ran"
        );
    }
);
