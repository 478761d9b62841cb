//! The trait is dyn-compatible: a fallback chain over `Arc<dyn MarketData>` works.

use std::sync::Arc;

use futures::future::BoxFuture;
use harbinger_core::{Interval, Symbol};
use harbinger_market::{
    History, MarketData, ProviderError, Quote, ReplayConfig, ReplayProvider, Source,
};

/// A provider that always fails, like a throttled upstream.
#[derive(Debug)]
struct Throttled;

impl MarketData for Throttled {
    fn source(&self) -> Source {
        Source::Yahoo
    }
    fn history<'a>(
        &'a self,
        _: &'a Symbol,
        _: Interval,
        _: i64,
        _: i64,
    ) -> BoxFuture<'a, Result<History, ProviderError>> {
        Box::pin(async { Err(ProviderError::from_status(429, None)) })
    }
    fn latest<'a>(&'a self, _: &'a Symbol) -> BoxFuture<'a, Result<Quote, ProviderError>> {
        Box::pin(async { Err(ProviderError::from_status(503, None)) })
    }
}

async fn first_quote(
    chain: &[Arc<dyn MarketData>],
    s: &Symbol,
) -> Result<Quote, Vec<&'static str>> {
    let mut failures = Vec::new();
    for p in chain {
        match p.latest(s).await {
            Ok(q) => return Ok(q),
            Err(e) => failures.push(e.reason()),
        }
    }
    Err(failures)
}

#[tokio::test]
async fn a_chain_of_trait_objects_falls_back_in_order() {
    let replay = ReplayProvider::bundled(ReplayConfig::default()).unwrap();
    let chain: Vec<Arc<dyn MarketData>> = vec![Arc::new(Throttled), Arc::new(replay)];
    assert_eq!(
        chain.iter().map(|p| p.name()).collect::<Vec<_>>(),
        ["yahoo", "replay"]
    );
    let q = first_quote(&chain, &Symbol::parse("MSFT").unwrap())
        .await
        .unwrap();
    assert_eq!(q.source, Source::Replay);
    assert!(q.price > 0.0);
    let none = first_quote(&chain, &Symbol::parse("NOPE").unwrap())
        .await
        .unwrap_err();
    assert_eq!(none, ["upstream", "not_found"]);
    assert!(chain[1].live(&[], Interval::D1).is_none());
}
