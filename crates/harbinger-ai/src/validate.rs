//! Checks of the model's content. Everything here treats the content as hostile: it must be
//! exactly the note's JSON shape, within the size limits, plain text, citing only sources that
//! exist, and free of anything that looks like the system prompt or a credential. A failure is
//! a short fixed reason that never quotes the content.

use serde::Deserialize;

use crate::envelope::Envelope;
use crate::error::AiError;
use crate::leak;
use crate::limits::{
    MAX_CLAIM_CHARS, MAX_CLAIMS, MAX_CONTENT_BYTES, MAX_SOURCES_PER_CLAIM, MAX_SUMMARY_CHARS,
    MAX_TITLE_CHARS, MAX_URL_CHARS,
};
use crate::types::{Citation, Claim, Note, SourceDoc};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Content {
    summary: String,
    claims: Vec<ContentClaim>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContentClaim {
    text: String,
    sources: Vec<i64>,
}

/// The list the model's `sources` index into, 1-based. The rule: when the answer carries
/// `citations`, they are the list (titles taken from `search_results` with the same URL);
/// else its `search_results` are; else the request's documents, in order. An entry that is not
/// a valid `http`/`https` URL of at most 2,048 characters is `None`: it is left out of the note
/// and a claim citing it is rejected.
pub fn citation_list(envelope: &Envelope, documents: &[SourceDoc]) -> Vec<Option<Citation>> {
    if !envelope.citations.is_empty() {
        envelope
            .citations
            .iter()
            .map(|url| {
                let title = envelope
                    .search_results
                    .iter()
                    .find(|r| &r.url == url)
                    .and_then(|r| r.title.as_deref());
                citation(url, title)
            })
            .collect()
    } else if !envelope.search_results.is_empty() {
        envelope
            .search_results
            .iter()
            .map(|r| citation(&r.url, r.title.as_deref()))
            .collect()
    } else {
        documents
            .iter()
            .map(|d| citation(&d.url, Some(&d.title)))
            .collect()
    }
}

/// A citation if `url` is a plain `http`/`https` URL with a host and no user or password; the
/// title is cleaned and cut.
pub fn citation(url: &str, title: Option<&str>) -> Option<Citation> {
    if url.chars().count() > MAX_URL_CHARS
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return None;
    }
    let parsed = reqwest::Url::parse(url).ok()?;
    // Credentials in a URL are never a citation.
    if !matches!(parsed.scheme(), "http" | "https")
        || parsed.host_str().is_none()
        || !parsed.username().is_empty()
        || parsed.password().is_some()
    {
        return None;
    }
    let url: String = parsed.into();
    if url.chars().count() > MAX_URL_CHARS {
        return None;
    }
    let title = title
        .map(|t| {
            t.split(|c: char| c.is_whitespace() || c.is_control())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .take(MAX_TITLE_CHARS)
                .collect::<String>()
        })
        .filter(|t| !t.is_empty());
    Some(Citation { url, title })
}

/// Removes one surrounding Markdown code fence (```` ```json ```` or ```` ``` ````).
pub fn strip_fence(content: &str) -> &str {
    let t = content.trim();
    let Some(rest) = t.strip_prefix("```") else {
        return t;
    };
    let Some(inner) = rest.strip_suffix("```") else {
        return t;
    };
    let inner = inner
        .strip_prefix("json")
        .or_else(|| inner.strip_prefix("JSON"))
        .unwrap_or(inner);
    // The info string ends at the first line break; anything else on that line is not a fence.
    if !inner.starts_with(['\n', '\r', ' ']) {
        return t;
    }
    inner.trim()
}

/// Plain text: `\r\n` and `\r` become `\n`, tabs become spaces; any other control character,
/// and the bidirectional overrides and isolates (which can make text display other than it
/// reads), reject the text. Surrounding whitespace is trimmed.
pub fn plain_text(s: &str) -> Result<String, &'static str> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\t' => out.push(' '),
            '\n' => out.push('\n'),
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
                return Err("text contains bidirectional control characters");
            }
            c if c.is_control() => return Err("text contains control characters"),
            c => out.push(c),
        }
    }
    Ok(out.trim().to_owned())
}

/// Checks `content` against the note's schema and rules and resolves its sources in `list`.
/// Returns the summary and claims, or the reason for the rejection.
pub fn check_content(
    content: &str,
    list: &[Option<Citation>],
    api_key: Option<&str>,
) -> Result<(String, Vec<Claim>), &'static str> {
    if content.len() > MAX_CONTENT_BYTES {
        return Err("content is too large");
    }
    // On the raw text too: a leak inside a field the schema refuses is still a leak to report.
    leak::check(content, api_key)?;
    let parsed: Content = serde_json::from_str(strip_fence(content)).map_err(|e| {
        if e.to_string().starts_with("unknown field") {
            "content has a field outside the note schema"
        } else {
            "content is not the note's JSON shape"
        }
    })?;
    let summary = plain_text(&parsed.summary)?;
    if summary.is_empty() {
        return Err("summary is empty");
    }
    if summary.chars().count() > MAX_SUMMARY_CHARS {
        return Err("summary is too long");
    }
    leak::check(&summary, api_key)?;
    if parsed.claims.len() > MAX_CLAIMS {
        return Err("too many claims");
    }
    let mut claims = Vec::with_capacity(parsed.claims.len());
    for c in parsed.claims {
        let text = plain_text(&c.text)?;
        if text.is_empty() {
            return Err("a claim is empty");
        }
        if text.chars().count() > MAX_CLAIM_CHARS {
            return Err("a claim is too long");
        }
        leak::check(&text, api_key)?;
        if c.sources.len() > MAX_SOURCES_PER_CLAIM {
            return Err("a claim has too many sources");
        }
        let mut sources: Vec<Citation> = Vec::with_capacity(c.sources.len());
        for i in c.sources {
            let slot = usize::try_from(i)
                .ok()
                .and_then(|i| i.checked_sub(1))
                .and_then(|i| list.get(i))
                .ok_or("a claim cites a source that does not exist")?;
            let cited = slot.as_ref().ok_or("a claim cites an invalid source URL")?;
            if !sources.contains(cited) {
                sources.push(cited.clone());
            }
        }
        claims.push(Claim { text, sources });
    }
    Ok((summary, claims))
}

/// The whole check of a parsed answer: citations, content, then the note.
pub fn note_from(
    envelope: &Envelope,
    documents: &[SourceDoc],
    api_key: Option<&str>,
    provider: &str,
    requested_model: &str,
) -> Result<Note, AiError> {
    let usage = envelope.usage;
    let reject = |reason: &str| AiError::Rejected {
        reason: reason.to_owned(),
        usage,
    };
    if envelope.finish_reason.as_deref() == Some("length") {
        return Err(reject("the answer was cut at the token cap"));
    }
    let list = citation_list(envelope, documents);
    for c in list.iter().flatten() {
        leak::check(&c.url, api_key).map_err(reject)?;
        if let Some(t) = &c.title {
            leak::check(t, api_key).map_err(reject)?;
        }
    }
    let (summary, claims) = check_content(&envelope.content, &list, api_key).map_err(reject)?;
    let model = envelope
        .model
        .as_deref()
        .and_then(|m| plain_text(m).ok())
        .filter(|m| !m.is_empty() && m.len() <= 100 && !m.contains('\n'))
        .unwrap_or_else(|| requested_model.to_owned());
    Ok(Note {
        summary,
        claims,
        citations: list.into_iter().flatten().collect(),
        provider: provider.to_owned(),
        model,
        usage,
    })
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
