//! RELIABILITY F4 through the chain: each fault of the first provider moves the request to
//! the second, with one upstream call each; the breaker stops the calls to a sick provider.

use std::time::Duration;

use harbinger_fakes::providers::{self as fakes, Reply};
use harbinger_market::BreakerState;
use harbinger_marketdata::{MarketError, Origin};

use crate::both_backends;
use crate::rig::{Rig, week_request, yahoo_week};

/// Yahoo's faults, each as the client sees it on the wire.
fn faults() -> Vec<(&'static str, Reply)> {
    let good = yahoo_week("AAPL");
    vec![
        ("429 with Retry-After", Reply::status(429).retry_after(30)),
        ("500", Reply::status(500)),
        (
            "a stall past the timeout",
            good.clone().after(Duration::from_secs(2)),
        ),
        ("truncated JSON", good.clone().truncated()),
        (
            "a renamed field",
            Reply::json(good.body.replace("\"close\"", "\"closePrice\"")),
        ),
        ("an empty result", Reply::json(fakes::YAHOO_EMPTY_RESULT)),
    ]
}

#[tokio::test]
async fn every_fault_falls_back_to_the_next_provider_with_one_call_each() {
    for (what, fault) in faults() {
        let rig = Rig::new(harbinger_store::Backend::Sqlite).await;
        rig.yahoo.push(fault);
        rig.stooq.push(crate::rig::stooq_week());
        let answer = rig.service.bars(&week_request("AAPL")).await.unwrap();
        assert_eq!(answer.origin, Origin::Upstream, "{what}");
        assert!(!answer.stale, "{what}");
        assert_eq!(answer.bars.len(), 5, "{what}");
        assert!(answer.bars.iter().all(|b| b.source == "stooq"), "{what}");
        assert_eq!(
            answer.bars.iter().map(|b| b.bar.close).collect::<Vec<_>>(),
            [100.0, 101.0, 102.0, 103.0, 104.0],
            "{what}"
        );
        assert_eq!(
            rig.upstream_calls(),
            (1, 1),
            "{what}: one call per provider"
        );
        // The same request again is answered by the store: no upstream call.
        let again = rig.service.bars(&week_request("AAPL")).await.unwrap();
        assert_eq!(again.origin, Origin::Store, "{what}");
        assert_eq!(rig.upstream_calls(), (1, 1), "{what}");
    }
}

both_backends!(a_429_opens_the_breaker_for_its_retry_after, |rig| {
    rig.yahoo.push(Reply::status(429).retry_after(120));
    rig.yahoo.set_default(yahoo_week("ORCL"));
    rig.stooq.set_default(crate::rig::stooq_week());
    rig.service.bars(&week_request("AAPL")).await.unwrap();
    assert_eq!(rig.chain.health()[0].breaker, BreakerState::Open);
    // While open, Yahoo is not called at all.
    for sym in ["MSFT", "IBM", "GOOG"] {
        let a = rig.service.bars(&week_request(sym)).await.unwrap();
        assert!(a.bars.iter().all(|b| b.source == "stooq"));
    }
    assert_eq!(rig.upstream_calls(), (1, 4));
    // After its Retry-After, one probe goes to Yahoo, succeeds and closes the breaker.
    rig.clock.advance_ms(120_000);
    let a = rig.service.bars(&week_request("ORCL")).await.unwrap();
    assert!(a.bars.iter().all(|b| b.source == "yahoo"));
    assert_eq!(rig.upstream_calls(), (2, 4));
    assert_eq!(rig.chain.health()[0].breaker, BreakerState::Closed);
});

both_backends!(no_retry_storm_when_every_provider_fails, |rig| {
    rig.yahoo.set_default(Reply::status(500));
    rig.stooq.set_default(Reply::status(503));
    // Twenty user requests for twenty symbols: each provider is called until its breaker
    // opens (five consecutive failures), then never again while it is open.
    for i in 0..20 {
        let sym = format!("S{i}");
        let err = rig.service.bars(&week_request(&sym)).await.unwrap_err();
        assert!(
            matches!(err, MarketError::Unavailable { retry_after_secs, .. } if retry_after_secs > 0),
            "{err:?}"
        );
    }
    assert_eq!(rig.upstream_calls(), (5, 5));
    let health = rig.chain.health();
    assert!(health.iter().all(|h| h.breaker == BreakerState::Open));
    assert_eq!(health[0].skipped_open, 15);
});
