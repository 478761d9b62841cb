//! The bars endpoint over a sick upstream (RELIABILITY F4), with a manual clock: fresh, then
//! stale with `stale: true`, then 503 problem+json with `Retry-After`; rejected bars are
//! counted by reason; the gap-fill job fills a missing session through the chain.

use std::sync::Arc;

use harbinger::config::List;
use harbinger_core::{Bar, Interval, ManualClock, Symbol};
use harbinger_testkit::fakes::{self, DayBar, Reply, Upstream};
use harbinger_testkit::{Backend, TestApp};
use serde_json::Value;

const DAY: i64 = 86_400;
/// Monday 2024-03-04, midnight UTC.
const MON: i64 = 1_709_510_400;
const MINUTE: i64 = 60_000;
const WEEK: &str = "/api/v1/market/AAPL/bars?from=2024-03-04";

fn week() -> Vec<DayBar> {
    (0..5)
        .map(|i| {
            let c = 100.0 + i as f64;
            (MON + i * DAY, c - 0.5, c + 1.0, c - 1.0, c, 1_000.0)
        })
        .collect()
}

/// A server on `backend` whose chain is yahoo then stooq, both fakes; Friday 22:00 UTC.
async fn app_over_fakes(backend: Backend) -> (TestApp, ManualClock, Upstream, Upstream) {
    let clock = ManualClock::new((MON + 4 * DAY + 22 * 3_600) * 1_000);
    let yahoo = fakes::upstream(Reply::status(404)).await;
    let stooq = fakes::upstream(Reply::status(404)).await;
    let (y, s) = (yahoo.base_url.clone(), stooq.base_url.clone());
    let app = harbinger_testkit::spawn_app_with_clock(backend, Arc::new(clock.clone()), |c| {
        c.market.providers = List(vec!["yahoo".into(), "stooq".into()]);
        c.market.yahoo_base_url = y;
        c.market.stooq_base_url = s;
    })
    .await;
    (app, clock, yahoo, stooq)
}

async fn stale_then_unavailable(backend: Backend) {
    let (app, clock, yahoo, stooq) = app_over_fakes(backend).await;
    // One bad row (low above high) among good ones: rejected, counted, never stored.
    let mut bars = week();
    bars.push((MON + 7 * DAY, 105.0, 104.0, 106.0, 105.0, 10.0));
    yahoo.push(Reply::json(fakes::yahoo_chart_body("AAPL", &bars)));
    let res = app.get(WEEK).await;
    assert_eq!(res.status(), 200);
    let fresh: Value = res.json().await.unwrap();
    assert_eq!(fresh["bars"].as_array().unwrap().len(), 5, "{fresh}");
    assert_eq!(fresh["stale"], false);
    assert_eq!(fresh["as_of"], MON + 4 * DAY);
    assert_eq!(fresh["bars"][0]["source"], "yahoo");
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(
        metrics
            .lines()
            .any(|l| l.starts_with("harbinger_market_rejected_bars_total")
                && l.contains("provider=\"yahoo\"")
                && l.contains("reason=\"out_of_range\"")),
        "{metrics}"
    );

    yahoo.set_default(Reply::status(500));
    stooq.set_default(Reply::status(500));
    clock.advance_ms(10 * MINUTE);
    let stale: Value = app.get(WEEK).await.json().await.unwrap();
    assert_eq!(stale["stale"], true, "{stale}");
    assert_eq!(stale["bars"], fresh["bars"]);
    assert_eq!(stale["as_of"], fresh["as_of"]);
    // One call to each provider for that request, none retried.
    assert_eq!((yahoo.hits(), stooq.hits()), (2, 1));

    clock.advance_ms(24 * 60 * MINUTE);
    let res = app.get(WEEK).await;
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["status"], 503);
    assert!(
        problem["detail"].as_str().unwrap().contains("24 h old"),
        "{problem}"
    );
}

#[tokio::test]
async fn stale_then_503_on_sqlite() {
    stale_then_unavailable(Backend::Sqlite).await;
}

#[tokio::test]
async fn stale_then_503_on_postgres() {
    stale_then_unavailable(Backend::Postgres).await;
}

async fn gap_fill_job_fills_a_missing_session(backend: Backend) {
    let (app, clock, yahoo, _stooq) = app_over_fakes(backend).await;
    // The server's clock, so the job is due at once.
    let store = app.db.store.clone().with_clock(Arc::new(clock));
    let sym = Symbol::parse("AAPL").unwrap();
    let without_wednesday: Vec<Bar> = week()
        .iter()
        .filter(|b| b.0 != MON + 2 * DAY)
        .map(|b| Bar::new(b.0, b.1, b.2, b.3, b.4, b.5, None).unwrap())
        .collect();
    store
        .upsert_bars(&sym, Interval::D1, "yahoo", &without_wednesday)
        .await
        .unwrap();
    yahoo.set_default(Reply::json(fakes::yahoo_chart_body("AAPL", &week())));
    // The job, enqueued as the scheduler would; the server's runner picks it up.
    store
        .enqueue(&harbinger_store::NewJob::new(
            "gap_fill",
            serde_json::json!({}),
        ))
        .await
        .unwrap();
    let mut times = Vec::new();
    for _ in 0..100 {
        times = store
            .bar_times(&sym, Interval::D1, MON, MON + 5 * DAY)
            .await
            .unwrap();
        if times.len() == 5 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(times, (0..5).map(|i| MON + i * DAY).collect::<Vec<_>>());
    assert_eq!(yahoo.hits(), 1);
}

#[tokio::test]
async fn gap_fill_job_on_sqlite() {
    gap_fill_job_fills_a_missing_session(Backend::Sqlite).await;
}

#[tokio::test]
async fn gap_fill_job_on_postgres() {
    gap_fill_job_fills_a_missing_session(Backend::Postgres).await;
}

#[tokio::test]
async fn bars_are_served_with_redis_up_or_down() {
    let up = std::env::var("HARBINGER_TEST_REDIS_URL")
        .unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    for redis in [up.as_str(), "redis://127.0.0.1:1"] {
        let url = redis.to_owned();
        let app = harbinger_testkit::spawn_app_with(Backend::Sqlite, move |c| {
            c.redis_url = Some(harbinger::config::Secret::new(url));
        })
        .await;
        let all: Value = app
            .get("/api/v1/market/AAPL/bars")
            .await
            .json()
            .await
            .unwrap();
        let bars = all["bars"].as_array().unwrap();
        assert!(bars.len() >= 200, "{redis}: {all}");
        // A settled range, twice: the second answer comes from the cache tiers.
        let (from, to) = (
            bars[10]["date"].as_str().unwrap(),
            bars[20]["date"].as_str().unwrap(),
        );
        let path = format!("/api/v1/market/AAPL/bars?from={from}&to={to}");
        for _ in 0..2 {
            let res = app.get(&path).await;
            assert_eq!(res.status(), 200, "{redis}");
            let body: Value = res.json().await.unwrap();
            assert_eq!(
                body["bars"].as_array().unwrap().len(),
                11,
                "{redis}: {body}"
            );
            assert_eq!(body["stale"], false);
        }
    }
}

async fn cross_check_job_marks_a_disagreeing_symbol(backend: Backend) {
    let (app, clock, yahoo, stooq) = app_over_fakes(backend).await;
    let store = app.db.store.clone().with_clock(Arc::new(clock));
    let sym = Symbol::parse("AAPL").unwrap();
    let stored: Vec<Bar> = week()
        .iter()
        .map(|b| Bar::new(b.0, b.1, b.2, b.3, b.4, b.5, None).unwrap())
        .collect();
    store
        .upsert_bars(&sym, Interval::D1, "yahoo", &stored)
        .await
        .unwrap();
    // Stooq's closes 5 % above Yahoo's: beyond the default 2 % tolerance.
    let scaled: Vec<DayBar> = week()
        .into_iter()
        .map(|(t, o, h, l, c, v)| (t, o * 1.05, h * 1.05, l * 1.05, c * 1.05, v))
        .collect();
    yahoo.set_default(Reply::json(fakes::yahoo_chart_body("AAPL", &week())));
    stooq.set_default(Reply::csv(fakes::stooq_csv_body(&scaled)));
    store
        .enqueue(&harbinger_store::NewJob::new(
            "cross_check",
            serde_json::json!({}),
        ))
        .await
        .unwrap();
    let mut suspect = None;
    for _ in 0..100 {
        suspect = store.suspect("AAPL").await.unwrap();
        if suspect.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let suspect = suspect.expect("AAPL marked suspect by the job");
    assert!(suspect.reason.contains("yahoo"), "{}", suspect.reason);
    assert!(suspect.reason.contains("stooq"), "{}", suspect.reason);
    assert_eq!((yahoo.hits(), stooq.hits()), (1, 1));
}

#[tokio::test]
async fn cross_check_job_on_sqlite() {
    cross_check_job_marks_a_disagreeing_symbol(Backend::Sqlite).await;
}

#[tokio::test]
async fn cross_check_job_on_postgres() {
    cross_check_job_marks_a_disagreeing_symbol(Backend::Postgres).await;
}
