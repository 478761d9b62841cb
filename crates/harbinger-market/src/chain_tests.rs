use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use harbinger_core::{Bar, ManualClock};

use super::*;

/// A provider that answers from a script and counts its calls.
#[derive(Debug)]
struct Scripted {
    source: Source,
    answers: Mutex<VecDeque<Result<(), ProviderError>>>,
    calls: AtomicUsize,
}

impl Scripted {
    fn new(source: Source, answers: Vec<Result<(), ProviderError>>) -> Arc<Self> {
        Arc::new(Self {
            source,
            answers: Mutex::new(answers.into()),
            calls: AtomicUsize::new(0),
        })
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl MarketData for Scripted {
    fn source(&self) -> Source {
        self.source
    }

    fn history<'a>(
        &'a self,
        symbol: &'a Symbol,
        interval: Interval,
        _: i64,
        _: i64,
    ) -> BoxFuture<'a, Result<History, ProviderError>> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let next = self.answers.lock().unwrap().pop_front().unwrap_or(Ok(()));
        Box::pin(async move {
            next.map(|()| History {
                symbol: symbol.clone(),
                interval,
                source: self.source,
                bars: vec![Bar::new(86_400, 1.0, 2.0, 0.5, 1.5, 10.0, None).unwrap()],
                rejected: vec![],
            })
        })
    }

    fn latest<'a>(&'a self, _: &'a Symbol) -> BoxFuture<'a, Result<Quote, ProviderError>> {
        Box::pin(async { Err(ProviderError::NotFound("no quotes in this script".into())) })
    }
}

fn down() -> Result<(), ProviderError> {
    Err(ProviderError::Upstream { status: 500 })
}

fn chain(links: &[Arc<Scripted>], clock: &ManualClock) -> FallbackChain {
    FallbackChain::new(
        links
            .iter()
            .map(|l| l.clone() as Arc<dyn MarketData>)
            .collect(),
        BreakerConfig::default(),
        Arc::new(clock.clone()),
    )
}

fn aapl() -> Symbol {
    Symbol::parse("AAPL").unwrap()
}

#[tokio::test]
async fn falls_back_in_order_and_reports_the_source_that_answered() {
    let clock = ManualClock::new(1_000);
    let yahoo = Scripted::new(Source::Yahoo, vec![down()]);
    let stooq = Scripted::new(Source::Stooq, vec![]);
    let c = chain(&[yahoo.clone(), stooq.clone()], &clock);
    let h = c.history(&aapl(), Interval::D1, 0, 1).await.unwrap();
    assert_eq!(h.source, Source::Stooq);
    assert_eq!((yahoo.calls(), stooq.calls()), (1, 1));
    let health = c.health();
    assert_eq!(health[0].errors_total, 1);
    assert_eq!(health[1].last_success_ms, Some(1_000));
}

#[tokio::test]
async fn an_open_breaker_skips_the_provider_without_calling_it() {
    let clock = ManualClock::new(0);
    let yahoo = Scripted::new(Source::Yahoo, vec![down(), down(), down(), down(), down()]);
    let stooq = Scripted::new(Source::Stooq, vec![]);
    let c = chain(&[yahoo.clone(), stooq.clone()], &clock);
    for _ in 0..5 {
        c.history(&aapl(), Interval::D1, 0, 1).await.unwrap();
    }
    assert_eq!(c.health()[0].breaker, BreakerState::Open);
    for _ in 0..10 {
        c.history(&aapl(), Interval::D1, 0, 1).await.unwrap();
    }
    assert_eq!(yahoo.calls(), 5, "no calls while open: no retry storm");
    assert_eq!(c.health()[0].skipped_open, 10);
    clock.advance_ms(60_000);
    let h = c.history(&aapl(), Interval::D1, 0, 1).await.unwrap();
    assert_eq!(
        (h.source, yahoo.calls()),
        (Source::Yahoo, 6),
        "one probe, which succeeds"
    );
    assert_eq!(c.health()[0].breaker, BreakerState::Closed);
}

#[tokio::test]
async fn a_429_opens_the_breaker_for_its_retry_after() {
    let clock = ManualClock::new(0);
    let limited = Err(ProviderError::RateLimited {
        retry_after: Some(Duration::from_secs(30)),
        message: "HTTP 429".into(),
    });
    let yahoo = Scripted::new(Source::Yahoo, vec![limited]);
    let stooq = Scripted::new(Source::Stooq, vec![]);
    let c = chain(&[yahoo.clone(), stooq.clone()], &clock);
    c.history(&aapl(), Interval::D1, 0, 1).await.unwrap();
    c.history(&aapl(), Interval::D1, 0, 1).await.unwrap();
    assert_eq!(yahoo.calls(), 1);
    clock.advance_ms(30_000);
    c.history(&aapl(), Interval::D1, 0, 1).await.unwrap();
    assert_eq!(yahoo.calls(), 2);
}

#[tokio::test]
async fn when_every_provider_fails_the_error_names_each() {
    let clock = ManualClock::new(0);
    let yahoo = Scripted::new(Source::Yahoo, vec![down()]);
    let stooq = Scripted::new(
        Source::Stooq,
        vec![Err(ProviderError::Schema("renamed field".into()))],
    );
    let c = chain(&[yahoo, stooq], &clock);
    let err = c
        .history(&aapl(), Interval::D1, 0, 1)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("yahoo") && err.contains("stooq") && err.contains("renamed field"),
        "{err}"
    );
}
