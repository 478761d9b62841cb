//! The publishing pass as the live feed drives it: one new daily bar at a time, every strategy,
//! new signals appended to the ledger once, the chain intact; on SQLite and PostgreSQL.

use harbinger::signals::PassOptions;
use harbinger_core::{Interval, Symbol};
use harbinger_market::replay::Tape;
use harbinger_store::testing::TestDb;

/// Signals public at issue time, as for a paid plan.
const PUBLIC: PassOptions = PassOptions { free_delay_ms: 0 };

async fn day_by_day(db: TestDb) {
    let store = db.store.clone();
    let tape = Tape::bundled().unwrap();
    let ibm = tape.series(&Symbol::parse("IBM").unwrap()).unwrap();
    // A ticker the bundled history does not have, so the pass reads the database only.
    let symbol = Symbol::parse("ZIBM").unwrap();
    let (warm, days) = (800, 160);
    store
        .upsert_bars(&symbol, Interval::D1, "test", &ibm.bars[..warm])
        .await
        .unwrap();
    let mut appended = Vec::new();
    let mut graded = Vec::new();
    for day in warm..warm + days {
        store
            .upsert_bars(&symbol, Interval::D1, "test", &ibm.bars[day..=day])
            .await
            .unwrap();
        let pass = harbinger::signals::run_pass(&store, std::slice::from_ref(&symbol), PUBLIC)
            .await
            .unwrap();
        assert_eq!(pass.decisions, 7);
        assert!(pass.skipped.is_empty(), "{:?}", pass.skipped);
        for row in &pass.appended {
            // Issued on the bar that just closed, never on an older one.
            assert_eq!(row.bar_time, ibm.bars[day].time);
            let entry: serde_json::Value = serde_json::from_str(&row.entry).unwrap();
            assert_eq!(entry["symbol"], "ZIBM");
            assert_eq!(entry["price_source"], "database");
            let price = |k: &str| entry[k].as_str().unwrap().parse::<f64>().unwrap();
            let (e, stop, target) = (price("entry"), price("stop"), price("target"));
            assert_eq!(
                e.to_bits(),
                ibm.bars[day].close.to_bits(),
                "entry at the close"
            );
            match entry["side"].as_str().unwrap() {
                "long" => assert!(stop < e && e < target),
                "short" => assert!(target < e && e < stop),
                other => panic!("side {other}"),
            }
            let confidence = price("confidence");
            assert!((0.0..=1.0).contains(&confidence));
        }
        for row in &pass.graded {
            // Graded once the bars tell, never on a bar after the one just stored.
            let e: serde_json::Value = serde_json::from_str(&row.entry).unwrap();
            assert!(e["exit_time"].as_i64().unwrap() <= ibm.bars[day].time);
            assert!(["target_hit", "stop_hit", "expired"].contains(&e["status"].as_str().unwrap()));
            assert!(e["bars_held"].as_u64().unwrap() <= 10);
        }
        graded.extend(pass.graded.iter().cloned());
        // The same day again: nothing new, everything already recorded.
        if pass.appended.is_empty() && day % 20 != 0 {
            appended.extend(pass.appended);
            continue;
        }
        let again = harbinger::signals::run_pass(&store, std::slice::from_ref(&symbol), PUBLIC)
            .await
            .unwrap();
        assert!(again.appended.is_empty());
        assert!(again.graded.is_empty(), "grading twice adds nothing");
        assert_eq!(again.already_recorded, pass.appended.len());
        appended.extend(pass.appended);
    }
    // A suspect symbol is suppressed with the reason, and comes back once cleared.
    store
        .mark_suspect("ZIBM", "yahoo 101.0 vs stooq 97.0")
        .await
        .unwrap();
    let held = harbinger::signals::run_pass(&store, std::slice::from_ref(&symbol), PUBLIC)
        .await
        .unwrap();
    assert_eq!(held.decisions, 0);
    assert!(
        held.skipped[0].1.contains("sources disagree"),
        "{:?}",
        held.skipped
    );
    store.clear_suspect("ZIBM").await.unwrap();
    let back = harbinger::signals::run_pass(&store, std::slice::from_ref(&symbol), PUBLIC)
        .await
        .unwrap();
    assert_eq!(back.decisions, 7);
    assert!(
        appended.len() >= 5,
        "only {} signals in {days} days",
        appended.len()
    );
    let strategies: std::collections::BTreeSet<_> =
        appended.iter().map(|r| r.strategy.as_str()).collect();
    assert!(strategies.len() >= 3, "{strategies:?}");
    // Every signal whose horizon has passed is graded, exactly once, after it was issued.
    let last = ibm.bars[warm + days - 1].time;
    let day_of = |t: i64| ibm.bars.iter().position(|b| b.time == t).unwrap();
    for s in &appended {
        let outcomes: Vec<_> = graded
            .iter()
            .filter(|o| o.signal_id == Some(s.id))
            .collect();
        if day_of(s.bar_time) + 10 <= day_of(last) {
            assert_eq!(outcomes.len(), 1, "signal seq {} not graded", s.seq);
        }
        assert!(outcomes.len() <= 1);
        assert!(outcomes.iter().all(|o| o.seq > s.seq));
    }
    assert!(!graded.is_empty());
    // The index that serves the API agrees with the ledger, signal by signal.
    let listed = store
        .list_signals(&harbinger_store::SignalFilter::default(), 100_000)
        .await
        .unwrap();
    assert_eq!(listed.len(), appended.len());
    for s in &listed {
        let outcome = graded.iter().find(|o| o.signal_id == Some(s.id));
        assert_eq!(s.outcome_seq, outcome.map(|o| o.seq), "seq {}", s.seq);
        if let Some(o) = outcome {
            let e: serde_json::Value = serde_json::from_str(&o.entry).unwrap();
            assert_eq!(s.status.as_str(), e["status"]);
            assert_eq!(s.exit_time, e["exit_time"].as_i64());
            let ret: f64 = e["return"].as_str().unwrap().parse().unwrap();
            assert_eq!(s.ret.map(f64::to_bits), Some(ret.to_bits()));
        }
    }
    let groups = store.live_track_groups(None).await.unwrap();
    let issued: i64 = groups.iter().map(|g| g.signals).sum();
    let scored: usize = groups.iter().map(|g| g.graded.len()).sum();
    assert_eq!((issued, scored), (appended.len() as i64, graded.len()));
    let verdict = harbinger::commands::ledger::check_store(&store, None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(verdict.head_seq, (appended.len() + graded.len()) as i64);
}

#[tokio::test]
async fn each_new_bar_records_new_signals_once_sqlite() {
    day_by_day(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn each_new_bar_records_new_signals_once_postgres() {
    day_by_day(TestDb::postgres().await).await;
}

/// `harbinger serve` on the embedded default: the replay feed moves, the scheduled pass records
/// signals on the newest replayed bar, and the public ledger shows them.
#[tokio::test]
async fn serve_records_signals_from_the_replay_feed() {
    let app = harbinger_testkit::spawn_app_with(harbinger_testkit::Backend::Sqlite, |c| {
        c.market.replay_bar_seconds = 1.0;
    })
    .await;
    let mut entries = Vec::new();
    for _ in 0..90 {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let page: serde_json::Value = app.get("/api/v1/ledger").await.json().await.unwrap();
        entries = page["entries"].as_array().unwrap().clone();
        if !entries.is_empty() {
            break;
        }
    }
    assert!(!entries.is_empty(), "no signal recorded in 45 s of replay");
    // The public ledger commits to each signal at issue time and reveals it a day later
    // (the free tier's default delay, recorded in the entry).
    for row in &entries {
        assert_eq!(row["sealed"], true, "{row}");
        assert!(row["entry"].is_null() && row["symbol"].is_null(), "{row}");
        let delay =
            row["released_to_free_at"].as_i64().unwrap() - row["recorded_at"].as_i64().unwrap();
        assert!((86_399_000..=86_400_000).contains(&delay), "{row}");
    }
    // A Pro subscriber reads them in full at once.
    let pro = crate::accounts::support::user(&app, "pro@example.com").await;
    crate::accounts::support::set_plan(&app, "pro@example.com", harbinger_core::Plan::Pro).await;
    let page: serde_json::Value = crate::accounts::support::json_of(
        crate::accounts::support::get(&app, "/api/v1/signals", Some(&pro)).await,
    )
    .await;
    let signals = page["signals"].as_array().unwrap();
    assert!(!signals.is_empty());
    for s in signals {
        assert_eq!(s["sealed"], false);
        // The replay stores the tape from its first day: the database holds the whole series.
        assert_eq!(s["price_source"], "database");
        // Issued on a replayed bar that is in the database.
        let symbol = s["symbol"].as_str().unwrap();
        let day = &s["bar_time"].as_str().unwrap()[..10];
        let bars: serde_json::Value = app
            .get(&format!("/api/v1/market/{symbol}/bars?from={day}&to={day}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(bars["bars"][0]["source"], "replay", "{s}");
    }
}

/// New entries are announced on the bus's `signals` channel by seq, with the release time a
/// listener needs to decide what each reader may see.
#[tokio::test]
async fn new_entries_are_announced_on_the_bus() {
    use futures::StreamExt as _;
    use harbinger_marketdata::BarBus as _;
    let db = TestDb::sqlite().await;
    let bus = harbinger_marketdata::InProcessBus::new();
    let mut events = bus.subscribe_ledger().await.unwrap();
    let mut rows = Vec::new();
    for bar_time in [1_000, 2_000] {
        let entry = serde_json::json!({"side": "long", "released_to_free_at": 5_000 + bar_time});
        let new = harbinger_store::NewLedgerEntry {
            kind: harbinger_store::LedgerKind::Signal,
            strategy: "sma_cross".into(),
            symbol: "AAPL".into(),
            bar_time,
            signal_id: None,
            entry,
        };
        rows.push(db.store.append_ledger(&new).await.unwrap().unwrap());
    }
    harbinger::signals::announce(&bus, &rows).await;
    for row in &rows {
        let e = tokio::time::timeout(std::time::Duration::from_secs(2), events.next())
            .await
            .unwrap()
            .unwrap();
        assert_eq!((e.seq, e.id, &e.hash), (row.seq, row.id, &row.hash));
        assert_eq!(e.kind, "signal");
        assert_eq!(e.released_to_free_at, 5_000 + row.bar_time);
    }
}
