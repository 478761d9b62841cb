//! The bar bus: new stored bars go out on `bars:<SYMBOL>`, in process and over real Redis.

use std::time::Duration;

use futures::StreamExt as _;
use harbinger_core::{Bar, Interval, Symbol};
use harbinger_marketdata::{BarBus, BarEvent, RedisBus};

use crate::both_backends;
use crate::rig::{DAY, MON, week_request, yahoo_week};

fn redis_url() -> String {
    std::env::var("HARBINGER_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

fn unique_symbol() -> Symbol {
    Symbol::parse(&format!(
        "B{}",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    ))
    .unwrap()
}

both_backends!(bars_fetched_from_a_provider_are_published, |rig| {
    let sym = Symbol::parse("AAPL").unwrap();
    let mut events = rig.bus.subscribe(&sym).await.unwrap();
    rig.yahoo.push(yahoo_week("AAPL"));
    rig.service.bars(&week_request("AAPL")).await.unwrap();
    // An empty store: only the newest bar is news (a backfill is not a live feed).
    let e = tokio::time::timeout(Duration::from_secs(2), events.next())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (e.symbol.as_str(), e.interval.as_str(), e.source.as_str()),
        ("AAPL", "1d", "yahoo")
    );
    assert_eq!(e.bar.time, MON + 4 * DAY);
    assert_eq!(e.bar.close, 104.0);
    assert!(
        tokio::time::timeout(Duration::from_millis(100), events.next())
            .await
            .is_err(),
        "nothing else was new"
    );
});

#[tokio::test]
async fn redis_bus_carries_bars_between_instances() {
    let url = redis_url();
    let publisher = RedisBus::new(&url).unwrap();
    let subscriber = RedisBus::new(&url).unwrap();
    let sym = unique_symbol();
    let other = unique_symbol();
    let mut events = subscriber.subscribe(&sym).await.unwrap();
    let bar = Bar::new(MON, 10.0, 11.0, 9.0, 10.5, 100.0, None).unwrap();
    // Another symbol's bar is not delivered on this channel.
    publisher
        .publish(&BarEvent::new(&other, Interval::D1, "replay", bar))
        .await
        .unwrap();
    let sent = BarEvent::new(&sym, Interval::D1, "replay", bar);
    publisher.publish(&sent).await.unwrap();
    let got = tokio::time::timeout(Duration::from_secs(5), events.next())
        .await
        .expect("an event within 5 s")
        .unwrap();
    assert_eq!(got, sent);
    assert_eq!(got.bar.bar(), Some(bar));
}

#[tokio::test]
async fn a_dead_redis_bus_fails_publish_with_an_error_not_a_panic() {
    let bus = RedisBus::new("redis://127.0.0.1:1").unwrap();
    let bar = Bar::new(MON, 10.0, 11.0, 9.0, 10.5, 100.0, None).unwrap();
    let err = bus
        .publish(&BarEvent::new(
            &unique_symbol(),
            Interval::D1,
            "replay",
            bar,
        ))
        .await
        .unwrap_err();
    assert!(err.to_string().starts_with("bar bus:"), "{err}");
}

fn ledger_event(seq: i64) -> harbinger_marketdata::LedgerEvent {
    harbinger_marketdata::LedgerEvent {
        seq,
        kind: "signal".into(),
        id: uuid::Uuid::now_v7(),
        signal_id: None,
        hash: format!("{seq:064x}"),
        released_to_free_at: 1_700_000_000_000,
    }
}

#[tokio::test]
async fn ledger_events_reach_every_subscriber_in_process() {
    let bus = harbinger_marketdata::InProcessBus::new();
    let mut a = bus.subscribe_ledger().await.unwrap();
    let mut b = bus.subscribe_ledger().await.unwrap();
    let sent = [ledger_event(1), ledger_event(2)];
    for e in &sent {
        bus.publish_ledger(e).await.unwrap();
    }
    for events in [&mut a, &mut b] {
        for want in &sent {
            let got = tokio::time::timeout(Duration::from_secs(2), events.next())
                .await
                .unwrap()
                .unwrap();
            assert_eq!(&got, want);
        }
    }
}

#[tokio::test]
async fn redis_bus_carries_ledger_events_between_instances() {
    let url = redis_url();
    let publisher = RedisBus::new(&url).unwrap();
    let subscriber = RedisBus::new(&url).unwrap();
    let mut events = subscriber.subscribe_ledger().await.unwrap();
    // Other tests may publish on the shared channel: wait for this one's event.
    let sent = ledger_event(i64::from(u32::MAX) + 7);
    publisher.publish_ledger(&sent).await.unwrap();
    let got = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(e) = events.next().await {
            if e.id == sent.id {
                return e;
            }
        }
        panic!("stream ended");
    })
    .await
    .expect("the event within 5 s");
    assert_eq!(got, sent);
}
