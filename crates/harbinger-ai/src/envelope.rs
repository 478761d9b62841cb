//! The chat-completion envelope (OpenAI's shape, which Perplexity and xAI share), read
//! leniently: providers add fields freely, so only what we use is declared. The model's
//! content inside it is checked separately by [`crate::validate`].

use serde::Deserialize;

use crate::error::AiError;
use crate::types::Usage;

/// What a successful answer carries for us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The model as the provider names it.
    pub model: Option<String>,
    /// The first choice's message content (not yet trusted).
    pub content: String,
    /// `finish_reason` of the first choice.
    pub finish_reason: Option<String>,
    /// Tokens, exactly as the provider counted them.
    pub usage: Usage,
    /// Perplexity's top-level `citations` (URLs).
    pub citations: Vec<String>,
    /// Perplexity's `search_results`.
    pub search_results: Vec<SearchResult>,
}

/// One of Perplexity's `search_results`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SearchResult {
    /// Page title.
    #[serde(default)]
    pub title: Option<String>,
    /// Page URL.
    pub url: String,
}

#[derive(Deserialize)]
struct Wire {
    #[serde(default)]
    model: Option<String>,
    #[serde(default)]
    choices: Vec<WireChoice>,
    #[serde(default)]
    usage: Option<WireUsage>,
    #[serde(default)]
    citations: Option<Vec<String>>,
    #[serde(default)]
    search_results: Option<Vec<SearchResult>>,
}

#[derive(Deserialize)]
struct WireChoice {
    #[serde(default)]
    message: Option<WireMessage>,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct WireMessage {
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    refusal: Option<String>,
}

#[derive(Deserialize)]
#[allow(clippy::struct_field_names)] // the wire's own names
struct WireUsage {
    prompt_tokens: Option<u32>,
    completion_tokens: Option<u32>,
    total_tokens: Option<u32>,
}

/// The `{"error":{"message":…}}` envelope of a failed call.
#[derive(Deserialize)]
struct WireError {
    error: WireErrorBody,
}

#[derive(Deserialize)]
struct WireErrorBody {
    message: Option<String>,
}

/// Reads a 2xx body. Usage is required: a call whose tokens are unknown cannot be charged to a
/// budget. A missing `total_tokens` is the sum of the other two.
pub fn parse(body: &[u8]) -> Result<Envelope, AiError> {
    let wire: Wire = serde_json::from_slice(body).map_err(|e| {
        AiError::Malformed(format!(
            "not a chat completion (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    let usage = wire
        .usage
        .and_then(|u| {
            let (p, c) = (u.prompt_tokens?, u.completion_tokens?);
            Some(Usage {
                prompt_tokens: p,
                completion_tokens: c,
                total_tokens: u.total_tokens.unwrap_or(p.saturating_add(c)),
            })
        })
        .ok_or_else(|| AiError::Malformed("no token usage in the answer".into()))?;
    let choice = wire
        .choices
        .into_iter()
        .next()
        .ok_or_else(|| AiError::Malformed("no choices in the answer".into()))?;
    let message = choice
        .message
        .ok_or_else(|| AiError::Malformed("no message in the first choice".into()))?;
    if message
        .refusal
        .as_deref()
        .is_some_and(|r| !r.trim().is_empty())
    {
        return Err(AiError::Rejected {
            reason: "the model refused".into(),
            usage,
        });
    }
    let content = message
        .content
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(|| AiError::Malformed("empty content".into()))?;
    Ok(Envelope {
        model: wire.model,
        content,
        finish_reason: choice.finish_reason,
        usage,
        citations: wire.citations.unwrap_or_default(),
        search_results: wire.search_results.unwrap_or_default(),
    })
}

/// `error.message` of an error body, if it has that envelope.
pub fn error_message(body: &[u8]) -> Option<String> {
    serde_json::from_slice::<WireError>(body)
        .ok()
        .and_then(|e| e.error.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! fixture {
        ($p:literal) => {
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/", $p))
        };
    }

    #[test]
    fn reads_perplexity_citations() {
        let e = parse(fixture!("perplexity/sonar_citations.json")).expect("parses");
        assert_eq!(e.model.as_deref(), Some("sonar"));
        assert_eq!(
            e.usage,
            Usage {
                prompt_tokens: 10,
                completion_tokens: 251,
                total_tokens: 261
            }
        );
        assert_eq!(e.citations.len(), 7);
        assert!(e.search_results.is_empty());
        assert!(e.content.starts_with("The most recent estimates"));
        assert_eq!(e.finish_reason.as_deref(), Some("stop"));
    }

    #[test]
    fn reads_perplexity_search_results() {
        let e = parse(fixture!(
            "perplexity/sonar_search-results_community-post-2025-06.json"
        ))
        .expect("parses");
        assert_eq!(e.usage.total_tokens, 97);
        assert_eq!(e.citations.len(), 5);
        assert_eq!(e.search_results.len(), 5);
        assert_eq!(
            e.search_results[3].title.as_deref(),
            Some("Brands AZ - Sports Direct")
        );
    }

    #[test]
    fn reads_openai_and_xai() {
        let o = parse(fixture!("openai/chat_openai-text.json")).expect("parses");
        assert_eq!(
            o.usage,
            Usage {
                prompt_tokens: 16,
                completion_tokens: 363,
                total_tokens: 379
            }
        );
        assert!(o.citations.is_empty());
        let x = parse(fixture!("openai_compatible/xai-text.json")).expect("parses");
        assert_eq!(x.content, "Grok");
        // Reasoning tokens are billed: the total is taken as sent, not recomputed.
        assert_eq!(
            x.usage,
            Usage {
                prompt_tokens: 12,
                completion_tokens: 2,
                total_tokens: 334
            }
        );
    }

    #[test]
    fn reads_error_envelopes() {
        let m = error_message(fixture!("perplexity/error_400_invalid_model.json"));
        assert!(m.is_some_and(|m| m.starts_with("Invalid model 'sonar-pro '")));
        let m = error_message(fixture!(
            "openai/chat_reasoning-model-legacy-parameter-error.json"
        ));
        assert!(m.is_some_and(|m| m.contains("max_completion_tokens")));
        assert!(
            error_message(fixture!("perplexity/error_401_authorization_required.html")).is_none()
        );
    }

    #[test]
    fn envelope_failures_are_malformed() {
        for body in [
            &b"{\"choices\":[{\"message\":{\"content\":\"x\"}}]}"[..],
            b"{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}",
            b"{\"choices\":[{\"message\":{\"content\":\"  \"}}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}",
            b"{\"choices\":[{\"mess",
            b"<html></html>",
        ] {
            assert!(matches!(parse(body), Err(AiError::Malformed(_))));
        }
        let ok = parse(b"{\"choices\":[{\"message\":{\"content\":\"x\"}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}")
            .expect("parses");
        assert_eq!(ok.usage.total_tokens, 7);
    }

    #[test]
    fn a_refusal_is_rejected_with_its_usage() {
        let e = parse(b"{\"choices\":[{\"message\":{\"content\":null,\"refusal\":\"no\"}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}");
        assert!(matches!(e, Err(AiError::Rejected { usage, .. }) if usage.total_tokens == 7));
    }
}
