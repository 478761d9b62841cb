//! M2: stored data is served stale (flagged) for up to 24 h when every provider fails, and
//! refused after that; settled ranges of closed bars are served from the cache regardless.

use harbinger_fakes::providers::Reply;
use harbinger_marketdata::{BarsRequest, MarketError, Origin};

use crate::both_backends;
use crate::rig::{DAY, MON, week_request, yahoo_week};

const MINUTE: i64 = 60_000;

both_backends!(stale_up_to_a_day_then_503, |rig| {
    rig.yahoo.push(yahoo_week("AAPL"));
    let first = rig.service.bars(&week_request("AAPL")).await.unwrap();
    assert_eq!(first.origin, Origin::Upstream);
    assert_eq!(first.bars.len(), 5);
    assert_eq!(first.as_of, Some(MON + 4 * DAY));
    assert!(!first.stale);

    // Every provider is down from now on.
    rig.yahoo.set_default(Reply::status(500));
    rig.stooq.set_default(Reply::status(500));

    // Within the freshness window the store answers and nobody is asked.
    rig.clock.advance_ms(4 * MINUTE);
    let fresh = rig.service.bars(&week_request("AAPL")).await.unwrap();
    assert_eq!((fresh.origin, fresh.stale), (Origin::Store, false));
    assert_eq!(rig.upstream_calls(), (1, 0));

    // Past it, the chain is asked, fails, and the stored bars come back flagged.
    rig.clock.advance_ms(2 * MINUTE);
    let stale = rig.service.bars(&week_request("AAPL")).await.unwrap();
    assert_eq!((stale.origin, stale.stale), (Origin::Stale, true));
    assert_eq!(stale.bars, first.bars, "the same data, only flagged");
    assert_eq!(stale.as_of, first.as_of);
    assert_eq!(rig.upstream_calls(), (2, 1));

    // 23 h 59 min after the sync: still served, still flagged.
    rig.clock.advance_ms(24 * 60 * MINUTE - 7 * MINUTE);
    let late = rig.service.bars(&week_request("AAPL")).await.unwrap();
    assert!(late.stale);

    // Past 24 h: 503, never silently old data.
    rig.clock.advance_ms(2 * MINUTE);
    let err = rig.service.bars(&week_request("AAPL")).await.unwrap_err();
    match err {
        MarketError::Unavailable {
            reason,
            retry_after_secs,
        } => {
            assert!(reason.contains("24 h old"), "{reason}");
            assert_eq!(retry_after_secs, 60);
        }
        other => panic!("expected 503, got {other:?}"),
    }

    // A range of closed bars that ends before the newest stored bar is settled: it is served
    // (from the cache after the first time) however old, and costs no upstream call.
    let calls = rig.upstream_calls();
    let settled = BarsRequest {
        to: MON + 2 * DAY,
        ..week_request("AAPL")
    };
    let a = rig.service.bars(&settled).await.unwrap();
    assert_eq!((a.origin, a.stale, a.bars.len()), (Origin::Store, false, 3));
    let b = rig.service.bars(&settled).await.unwrap();
    assert_eq!((b.origin, b.bars), (Origin::Cache, a.bars));
    assert_eq!(rig.upstream_calls(), calls);
});

both_backends!(nothing_stored_and_every_provider_down_is_503, |rig| {
    rig.yahoo.set_default(Reply::status(500));
    rig.stooq.set_default(Reply::status(500).retry_after(5));
    let err = rig.service.bars(&week_request("AAPL")).await.unwrap_err();
    assert!(matches!(err, MarketError::Unavailable { .. }), "{err:?}");
});

both_backends!(unknown_symbols_are_404_not_503, |rig| {
    rig.yahoo
        .set_default(Reply::json(harbinger_fakes::providers::YAHOO_EMPTY_RESULT));
    rig.stooq.set_default(Reply::csv("No data"));
    let err = rig.service.bars(&week_request("ZZZZ")).await.unwrap_err();
    assert!(matches!(err, MarketError::NotFound(_)), "{err:?}");
});

both_backends!(latest_quote_is_cached_then_stale_then_refused, |rig| {
    let sym = harbinger_core::Symbol::parse("AAPL").unwrap();
    rig.yahoo.push(yahoo_week("AAPL"));
    let q = rig.service.latest(&sym).await.unwrap();
    assert!(!q.stale);
    assert!(q.price > 0.0);
    // Cached for its TTL: no second call.
    rig.clock.advance_ms(10_000);
    assert_eq!(rig.service.latest(&sym).await.unwrap(), q);
    assert_eq!(rig.upstream_calls(), (1, 0));
    // After the TTL with every provider down: the last price, flagged.
    rig.yahoo.set_default(Reply::status(500));
    rig.stooq.set_default(Reply::status(500));
    rig.clock.advance_ms(30_000);
    let stale = rig.service.latest(&sym).await.unwrap();
    assert!(stale.stale);
    assert_eq!(stale.price, q.price);
    rig.clock.advance_ms(25 * 3_600_000);
    assert!(matches!(
        rig.service.latest(&sym).await.unwrap_err(),
        MarketError::Unavailable { .. }
    ));
});
