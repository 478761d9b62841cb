//! The Redis tier: shared between service instances, and a dead Redis is only a miss.

use std::sync::Arc;

use harbinger_core::{Clock, ManualClock};
use harbinger_marketdata::{BarsRequest, Origin, TieredCache};
use harbinger_store::Backend;

use crate::rig::{DAY, MON, Rig, week_request, yahoo_week};

fn redis_url() -> String {
    std::env::var("HARBINGER_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

fn unique_symbol() -> String {
    format!("C{}", &uuid::Uuid::new_v4().simple().to_string()[..8]).to_uppercase()
}

#[tokio::test]
async fn a_settled_answer_in_redis_serves_another_instance() {
    let url = redis_url();
    let sym = unique_symbol();
    let settled = BarsRequest {
        to: MON + 2 * DAY,
        ..week_request(&sym)
    };
    let a = Rig::with_cache(Backend::Sqlite, |c| {
        TieredCache::with_redis(100, c, &url).unwrap()
    })
    .await;
    a.yahoo.push(yahoo_week(&sym));
    // Fetch the week, then read the settled part of it: cached in both tiers.
    a.service.bars(&week_request(&sym)).await.unwrap();
    let first = a.service.bars(&settled).await.unwrap();
    assert_eq!(first.bars.len(), 3);

    // A second instance with its own empty database and in-process tier: Redis answers.
    let b = Rig::with_cache(Backend::Sqlite, |c| {
        TieredCache::with_redis(100, c, &url).unwrap()
    })
    .await;
    let got = b.service.bars(&settled).await.unwrap();
    assert_eq!(got.origin, Origin::Cache);
    assert_eq!(got.bars, first.bars);
    assert_eq!(b.upstream_calls(), (0, 0));
}

#[tokio::test]
async fn a_dead_redis_degrades_to_the_in_process_tier() {
    let rig = Rig::with_cache(Backend::Sqlite, |c| {
        TieredCache::with_redis(100, c, "redis://127.0.0.1:1").unwrap()
    })
    .await;
    rig.yahoo.push(yahoo_week("AAPL"));
    let settled = BarsRequest {
        to: MON + 2 * DAY,
        ..week_request("AAPL")
    };
    let fetched = rig.service.bars(&week_request("AAPL")).await.unwrap();
    assert_eq!(fetched.bars.len(), 5);
    let a = rig.service.bars(&settled).await.unwrap();
    let b = rig.service.bars(&settled).await.unwrap();
    assert_eq!((a.origin, b.origin), (Origin::Store, Origin::Cache));
}

#[tokio::test]
async fn entries_expire_on_the_injected_clock() {
    let clock = ManualClock::new(1_000_000);
    let shared: Arc<dyn Clock> = Arc::new(clock.clone());
    let cache = TieredCache::in_process(10, shared);
    cache
        .put("k", &41, Some(std::time::Duration::from_secs(30)))
        .await;
    cache.put("forever", &7, None).await;
    assert_eq!(cache.get::<i32>("k").await, Some(41));
    clock.advance_ms(30_000);
    assert_eq!(cache.get::<i32>("k").await, None);
    clock.advance_ms(365 * 86_400_000);
    assert_eq!(cache.get::<i32>("forever").await, Some(7));
    assert!(!cache.has_redis());
}
