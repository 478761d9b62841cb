//! Integration tests of the research clients against a fake chat-completions server that speaks
//! the providers' wire format.

use harbinger_fakes::llm;

mod errors;
mod injection;
mod local;
mod notes;

use std::time::Duration;

use harbinger_ai::{AiSettings, Driver, NoteRequest, ProviderKind, SignalFacts, SourceDoc};
use secrecy::SecretString;

/// The key every remote test uses; no output may ever contain it.
pub const KEY: &str = "test-key-7f3a9c1e5b";

pub fn facts() -> SignalFacts {
    SignalFacts {
        symbol: "NVDA".into(),
        strategy: "ml".into(),
        side: "long".into(),
        entry: 120.5,
        stop: 114.0,
        target: 133.0,
        horizon_bars: 10,
        confidence: 0.64,
        bar_time: 1_764_115_200,
        drivers: vec![
            Driver {
                name: "mom_20".into(),
                value: 1.8,
                weight: 0.6,
            },
            Driver {
                name: "rsi_14".into(),
                value: 0.4,
                weight: -0.3,
            },
        ],
    }
}

pub fn request() -> NoteRequest {
    NoteRequest::new(facts())
}

pub fn doc(n: usize) -> SourceDoc {
    SourceDoc {
        title: format!("Article {n}"),
        url: format!("https://news.example/{n}"),
        text: format!("Body of article {n}."),
    }
}

pub fn settings(kind: ProviderKind, base_url: &str) -> AiSettings {
    AiSettings {
        kind,
        base_url: base_url.to_owned(),
        api_key: Some(SecretString::from(KEY)),
        model: if kind == ProviderKind::Perplexity {
            "sonar".into()
        } else {
            "gpt-4.1-mini".into()
        },
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(5),
        max_output_tokens: 800,
    }
}

/// A valid note citing `sources` in one claim.
pub fn content(summary: &str, sources: &[u32]) -> String {
    serde_json::json!({
        "summary": summary,
        "claims": [{"text": "Revenue beat estimates.", "sources": sources}],
    })
    .to_string()
}
