//! Gap detection against the exchange calendar, and the fill through the chain.

use harbinger_core::{Bar, Interval, Symbol};
use harbinger_marketdata::find_gaps;

use crate::both_backends;
use crate::rig::{DAY, MON, week, yahoo_week};

fn bar(time: i64, close: f64) -> Bar {
    Bar::new(time, close, close + 1.0, close - 1.0, close, 10.0, None).unwrap()
}

both_backends!(a_missing_session_is_found_and_filled, |rig| {
    let sym = Symbol::parse("AAPL").unwrap();
    // The week without Wednesday.
    let stored: Vec<Bar> = week()
        .iter()
        .filter(|b| b.0 != MON + 2 * DAY)
        .map(|b| Bar::new(b.0, b.1, b.2, b.3, b.4, b.5, None).unwrap())
        .collect();
    rig.store
        .upsert_bars(&sym, Interval::D1, "yahoo", &stored)
        .await
        .unwrap();
    let gaps = find_gaps(&rig.store, &sym, 0, i64::MAX).await.unwrap();
    assert_eq!(gaps, [MON + 2 * DAY]);

    rig.yahoo.push(yahoo_week("AAPL"));
    let report = rig.service.fill_gaps(&sym, 30).await.unwrap();
    assert_eq!((report.missing, report.filled), (1, 1), "{report:?}");
    assert!(report.still_missing.is_empty());
    assert_eq!(rig.upstream_calls(), (1, 0), "one call for the whole span");
    assert!(
        find_gaps(&rig.store, &sym, 0, i64::MAX)
            .await
            .unwrap()
            .is_empty()
    );

    // Nothing missing: no upstream call.
    let again = rig.service.fill_gaps(&sym, 30).await.unwrap();
    assert_eq!(again.missing, 0);
    assert_eq!(rig.upstream_calls(), (1, 0));
});

both_backends!(
    weekends_and_holidays_are_not_gaps_but_are_for_crypto,
    |rig| {
        // Thu 2024-03-28, (Good Friday closed), Mon 2024-04-01.
        let thu = MON + 24 * DAY;
        let mon = thu + 4 * DAY;
        for name in ["SPY", "BTCUSDT"] {
            let sym = Symbol::parse(name).unwrap();
            rig.store
                .upsert_bars(
                    &sym,
                    Interval::D1,
                    "replay",
                    &[bar(thu, 10.0), bar(mon, 11.0)],
                )
                .await
                .unwrap();
        }
        let spy = find_gaps(&rig.store, &Symbol::parse("SPY").unwrap(), 0, i64::MAX)
            .await
            .unwrap();
        assert!(spy.is_empty(), "{spy:?}");
        let btc = find_gaps(&rig.store, &Symbol::parse("BTCUSDT").unwrap(), 0, i64::MAX)
            .await
            .unwrap();
        assert_eq!(btc, [thu + DAY, thu + 2 * DAY, thu + 3 * DAY]);
    }
);

both_backends!(a_gap_no_provider_has_stays_reported, |rig| {
    let sym = Symbol::parse("AAPL").unwrap();
    rig.store
        .upsert_bars(
            &sym,
            Interval::D1,
            "yahoo",
            &[bar(MON, 10.0), bar(MON + 2 * DAY, 11.0)],
        )
        .await
        .unwrap();
    rig.yahoo
        .set_default(harbinger_fakes::providers::Reply::status(500));
    rig.stooq
        .set_default(harbinger_fakes::providers::Reply::status(500));
    let report = rig.service.fill_gaps(&sym, 30).await.unwrap();
    assert_eq!(report.missing, 1);
    assert_eq!(report.filled, 0);
    assert_eq!(report.still_missing, [MON + DAY]);
    assert!(report.error.is_some());
});
