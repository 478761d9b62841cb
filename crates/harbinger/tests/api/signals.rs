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
        // The same day again: nothing new, everything already recorded.
        if pass.appended.is_empty() && day % 20 != 0 {
            appended.extend(pass.appended);
            continue;
        }
        let again = harbinger::signals::run_pass(&store, std::slice::from_ref(&symbol))
            .await
            .unwrap();
        assert!(again.appended.is_empty());
        assert_eq!(again.already_recorded, pass.appended.len());
        appended.extend(pass.appended);
    }
    assert!(
        appended.len() >= 5,
        "only {} signals in {days} days",
        appended.len()
    );
    let strategies: std::collections::BTreeSet<_> =
        appended.iter().map(|r| r.strategy.as_str()).collect();
    assert!(strategies.len() >= 3, "{strategies:?}");
    let seqs: Vec<i64> = appended.iter().map(|r| r.seq).collect();
    assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>());
    let verdict = harbinger::commands::ledger::check_store(&store, None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(verdict.head_seq, appended.len() as i64);
}

#[tokio::test]
async fn each_new_bar_records_new_signals_once_sqlite() {
    day_by_day(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn each_new_bar_records_new_signals_once_postgres() {
    day_by_day(TestDb::postgres().await).await;
}
