//! The publishing pass as the live feed drives it: one new daily bar at a time, every strategy,
//! new signals appended to the ledger once, the chain intact; on SQLite and PostgreSQL.

use harbinger_core::{Interval, Symbol};
use harbinger_market::replay::Tape;
use harbinger_store::testing::TestDb;

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
        let pass = harbinger::signals::run_pass(&store, std::slice::from_ref(&symbol))
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
        let again = harbinger::signals::run_pass(&store, std::slice::from_ref(&symbol))
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
    let held = harbinger::signals::run_pass(&store, std::slice::from_ref(&symbol))
        .await
        .unwrap();
    assert_eq!(held.decisions, 0);
    assert!(
        held.skipped[0].1.contains("sources disagree"),
        "{:?}",
        held.skipped
    );
    store.clear_suspect("ZIBM").await.unwrap();
    let back = harbinger::signals::run_pass(&store, std::slice::from_ref(&symbol))
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
    for row in &entries {
        let entry: serde_json::Value =
            serde_json::from_str(row["entry"].as_str().unwrap()).unwrap();
        // The replay stores the tape from its first day: the database holds the whole series.
        assert_eq!(entry["price_source"], "database");
        // Issued on a replayed bar that is in the database.
        let symbol = row["symbol"].as_str().unwrap();
        let bars: serde_json::Value = app
            .get(&format!(
                "/api/v1/market/{symbol}/bars?from={}&to={}",
                row["bar_time"], row["bar_time"]
            ))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(bars["bars"][0]["source"], "replay", "{row}");
    }
}
