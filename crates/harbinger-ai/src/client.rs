//! The HTTP side of a remote researcher: one non-streaming `POST {base}/chat/completions`,
//! no redirects followed, a capped body, and every failure mapped onto [`AiError`] without the
//! request or the key.

use std::time::Duration;

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::{Client, StatusCode, Url};
use secrecy::{ExposeSecret as _, SecretString};

use crate::error::AiError;
use crate::limits::{MAX_BODY_BYTES, MAX_DOCUMENTS};
use crate::settings::{AiSettings, ProviderKind};
use crate::types::{Note, NoteRequest};
use crate::{envelope, leak, prompt, validate};

/// A researcher that asks a chat-completions provider (Perplexity or OpenAI-compatible).
#[derive(Debug, Clone)]
pub struct ChatResearcher {
    kind: ProviderKind,
    client: Client,
    endpoint: Url,
    api_key: Option<SecretString>,
    model: String,
    max_output_tokens: u32,
}

impl ChatResearcher {
    /// Checks the settings and builds the HTTP client.
    pub fn new(settings: &AiSettings) -> Result<Self, AiError> {
        let mut base = Url::parse(&settings.base_url)
            .map_err(|e| AiError::InvalidSettings(format!("base URL: {e}")))?;
        if base.cannot_be_a_base() || !matches!(base.scheme(), "http" | "https") {
            return Err(AiError::InvalidSettings(
                "base URL is not an http(s) URL".into(),
            ));
        }
        // `join` replaces the last path segment unless the path ends with a slash.
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        let endpoint = base
            .join("chat/completions")
            .map_err(|e| AiError::InvalidSettings(format!("endpoint URL: {e}")))?;
        if settings.model.trim().is_empty() {
            return Err(AiError::InvalidSettings("model is empty".into()));
        }
        if settings.max_output_tokens == 0 {
            return Err(AiError::InvalidSettings("max_output_tokens is 0".into()));
        }
        let client = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.timeout)
            .user_agent(concat!("harbinger/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| AiError::InvalidSettings(format!("HTTP client: {e}")))?;
        Ok(Self {
            kind: settings.kind,
            client,
            endpoint,
            api_key: settings.api_key.clone(),
            model: settings.model.clone(),
            max_output_tokens: settings.max_output_tokens,
        })
    }

    /// The URL every call is sent to.
    pub fn endpoint(&self) -> &str {
        self.endpoint.as_str()
    }

    /// One call: the request, the answer's envelope, then the content's validation.
    pub async fn note(&self, req: &NoteRequest) -> Result<Note, AiError> {
        check_request(req)?;
        let max_tokens = req
            .max_tokens
            .map_or(self.max_output_tokens, |m| m.min(self.max_output_tokens));
        if max_tokens == 0 {
            return Err(AiError::InvalidRequest("max_tokens is 0".into()));
        }
        let body = prompt::request_body(self.kind, &self.model, req, max_tokens);
        let bytes = serde_json::to_vec(&body)
            .map_err(|e| AiError::InvalidRequest(format!("request body: {e}")))?;
        let mut http = self
            .client
            .post(self.endpoint.clone())
            .header(CONTENT_TYPE, "application/json")
            .body(bytes);
        if let Some(key) = &self.api_key {
            let mut value = HeaderValue::from_str(&format!("Bearer {}", key.expose_secret()))
                .map_err(|_| AiError::InvalidSettings("API key is not a valid header".into()))?;
            value.set_sensitive(true);
            http = http.header(AUTHORIZATION, value);
        }
        let resp = http.send().await.map_err(transport)?;
        let status = resp.status();
        let retry_after = retry_after(resp.headers());
        let body = read_capped(resp).await;
        let key = self
            .api_key
            .as_ref()
            .map(secrecy::ExposeSecret::expose_secret);
        if !status.is_success() {
            // The status decides; an unreadable error body only loses the message.
            let body = body.unwrap_or_default();
            return Err(status_error(status, retry_after, &body, key));
        }
        let env = envelope::parse(&body?)?;
        validate::note_from(&env, &req.documents, key, self.kind.name(), &self.model)
    }
}

/// Refuses requests that cannot be sent as they are.
fn check_request(req: &NoteRequest) -> Result<(), AiError> {
    if req.documents.len() > MAX_DOCUMENTS {
        return Err(AiError::InvalidRequest(format!(
            "more than {MAX_DOCUMENTS} documents"
        )));
    }
    for (i, d) in req.documents.iter().enumerate() {
        if validate::citation(&d.url, None).is_none() {
            return Err(AiError::InvalidRequest(format!(
                "document {} has no valid http(s) URL",
                i + 1
            )));
        }
    }
    Ok(())
}

/// Reads the body, refusing anything over [`MAX_BODY_BYTES`] without buffering it.
async fn read_capped(mut resp: reqwest::Response) -> Result<Vec<u8>, AiError> {
    let too_big = || AiError::Malformed(format!("answer larger than {MAX_BODY_BYTES} bytes"));
    if resp
        .content_length()
        .is_some_and(|n| n > MAX_BODY_BYTES as u64)
    {
        return Err(too_big());
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(transport)? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_big());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn status_error(
    status: StatusCode,
    retry_after: Option<Duration>,
    body: &[u8],
    key: Option<&str>,
) -> AiError {
    match status.as_u16() {
        429 => AiError::RateLimited { retry_after },
        401 | 403 => AiError::Unauthorized,
        code @ 300..=399 => AiError::Upstream {
            status: code,
            message: "redirect not followed".into(),
        },
        code => AiError::Upstream {
            status: code,
            message: envelope::error_message(body).map_or_else(
                || status.canonical_reason().unwrap_or("error").to_owned(),
                |m| scrub(&m, key),
            ),
        },
    }
}

/// An upstream message made safe to log and show: control characters dropped, at most 300
/// characters, and replaced outright if it carries the key or anything key-shaped.
fn scrub(message: &str, key: Option<&str>) -> String {
    let clean: String = message
        .chars()
        .filter(|c| !c.is_control())
        .take(300)
        .collect();
    if leak::check(&clean, key).is_err()
        || key.is_some_and(|k| !k.is_empty() && message.contains(k))
    {
        "(message withheld: it contained a credential)".to_owned()
    } else {
        clean
    }
}

fn transport(e: reqwest::Error) -> AiError {
    if e.is_timeout() {
        AiError::Timeout
    } else {
        // Without the URL; the reqwest error's own text names no header, so no key.
        AiError::Transport(e.without_url().to_string())
    }
}

/// `Retry-After` in seconds (the HTTP-date form is not used by these providers).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_errors() {
        let e = status_error(
            StatusCode::TOO_MANY_REQUESTS,
            Some(Duration::from_secs(7)),
            b"",
            None,
        );
        assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
        assert!(e.is_retryable());
        let e = status_error(StatusCode::UNAUTHORIZED, None, b"<html>", Some("k"));
        assert_eq!(e, AiError::Unauthorized);
        assert!(!e.is_retryable());
        let e = status_error(StatusCode::BAD_GATEWAY, None, b"<html>", None);
        assert!(e.is_retryable());
        let e = status_error(StatusCode::FOUND, None, b"", None);
        assert!(!e.is_retryable());
    }

    #[test]
    fn an_upstream_message_never_carries_the_key() {
        let body = br#"{"error":{"message":"Incorrect API key provided: my-key-123456"}}"#;
        let e = status_error(StatusCode::BAD_REQUEST, None, body, Some("my-key-123456"));
        assert!(!e.to_string().contains("my-key-123456"));
        let body = br#"{"error":{"message":"bad key sk-proj-abc123456789xyz"}}"#;
        let e = status_error(StatusCode::BAD_REQUEST, None, body, None);
        assert!(!e.to_string().contains("sk-proj"));
    }

    #[test]
    fn the_endpoint_is_under_the_base() {
        for (base, want) in [
            (
                "https://api.perplexity.ai",
                "https://api.perplexity.ai/chat/completions",
            ),
            (
                "https://api.openai.com/v1/",
                "https://api.openai.com/v1/chat/completions",
            ),
            (
                "http://127.0.0.1:9/v1",
                "http://127.0.0.1:9/v1/chat/completions",
            ),
        ] {
            let s = AiSettings::openai(base, None, "m");
            assert_eq!(ChatResearcher::new(&s).expect("valid").endpoint(), want);
        }
        assert!(ChatResearcher::new(&AiSettings::openai("ftp://x", None, "m")).is_err());
        assert!(ChatResearcher::new(&AiSettings::openai("not a url", None, "m")).is_err());
    }
}
