//! What every HTTP provider shares: timeouts, the retry policy, and turning statuses into
//! [`ProviderError`]s.
//!
//! Retries are few on purpose (the fallback chain tries the next provider, and a user request
//! must cause at most two upstream calls) and honour `Retry-After`, which `reqwest-retry` would
//! ignore. A `Retry-After` longer than the policy allows is not waited for: the error goes back
//! at once so the circuit breaker can open for that long.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Client, StatusCode, Url};

use crate::error::ProviderError;

/// How hard to try one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (so `1` = at most two upstream calls).
    pub max_retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub base_delay: Duration,
    /// Longest wait, for backoff and for an upstream `Retry-After`.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 1,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(2),
        }
    }
}

impl RetryPolicy {
    fn backoff(&self, retry: u32) -> Duration {
        self.base_delay
            .saturating_mul(2u32.saturating_pow(retry))
            .min(self.max_delay)
    }
}

/// Connection settings of one provider, from configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpConfig {
    pub base_url: String,
    pub connect_timeout: Duration,
    /// The whole request, body included.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    pub user_agent: String,
}

/// Answers larger than this are refused rather than buffered (a 10-year daily chart is ~250 KB).
const MAX_BODY: usize = 32 << 20;

/// A finished exchange whose status the provider's parser must look at (2xx and the 4xx
/// statuses that carry an error body).
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
}

impl HttpConfig {
    /// A reqwest client with these timeouts.
    pub(crate) fn client(&self) -> Result<Client, ProviderError> {
        let home = self.base()?;
        Client::builder()
            .redirect(same_origin_redirects(home))
            .connect_timeout(self.connect_timeout)
            .timeout(self.request_timeout)
            .user_agent(self.user_agent.clone())
            .build()
            .map_err(|e| ProviderError::Transport(format!("building HTTP client: {e}")))
    }

    /// The base URL, checked once at construction.
    pub(crate) fn base(&self) -> Result<Url, ProviderError> {
        let url = Url::parse(&self.base_url)
            .map_err(|e| ProviderError::BadRequest(format!("base URL {:?}: {e}", self.base_url)))?;
        if url.cannot_be_a_base() || !matches!(url.scheme(), "http" | "https") {
            return Err(ProviderError::BadRequest(format!(
                "base URL {:?} is not an http(s) URL",
                self.base_url
            )));
        }
        Ok(url)
    }
}

/// Redirects are followed only within the provider's own origin (its configured base URL's
/// scheme, host and port), at most three times: a redirect elsewhere is an error, never a
/// request to a host nobody configured (RELIABILITY S22).
fn same_origin_redirects(home: Url) -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(move |attempt| {
        let same = attempt.url().origin() == home.origin();
        if !same {
            let host = attempt.url().host_str().unwrap_or("?").to_owned();
            attempt.error(format!(
                "redirected to {host}, outside the provider's configured host"
            ))
        } else if attempt.previous().len() > 3 {
            attempt.error("more than three redirects")
        } else {
            attempt.follow()
        }
    })
}

/// GETs `url`, retrying transport errors and 5xx with backoff, and a 429 whose `Retry-After`
/// fits the policy, at most `policy.max_retries` times.
pub(crate) async fn get(
    client: &Client,
    url: &Url,
    policy: RetryPolicy,
) -> Result<Answer, ProviderError> {
    let mut retry = 0;
    loop {
        let (err, wait) = match attempt(client, url).await {
            Ok(answer) => return Ok(answer),
            // A 429 is retried only when the provider said how long to wait and that is
            // short; otherwise it goes straight back so the circuit breaker can open.
            Err(e @ ProviderError::RateLimited { retry_after, .. }) => {
                (e, retry_after.filter(|w| *w <= policy.max_delay))
            }
            Err(e) if e.is_retryable() => (e, Some(policy.backoff(retry))),
            Err(e) => return Err(e),
        };
        match wait {
            Some(wait) if retry < policy.max_retries => {
                tokio::time::sleep(wait).await;
                retry += 1;
            }
            _ => return Err(err),
        }
    }
}

async fn attempt(client: &Client, url: &Url) -> Result<Answer, ProviderError> {
    let mut resp = client.get(url.clone()).send().await.map_err(transport)?;
    let status = resp.status();
    if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
        return Err(ProviderError::from_status(
            status.as_u16(),
            retry_after(resp.headers()),
        ));
    }
    if matches!(status.as_u16(), 401 | 403) {
        return Err(ProviderError::from_status(status.as_u16(), None));
    }
    if resp.content_length().is_some_and(|n| n > MAX_BODY as u64) {
        return Err(ProviderError::schema("answer larger than 32 MiB"));
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(transport)? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(ProviderError::schema("answer larger than 32 MiB"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Answer {
        status: status.as_u16(),
        body,
    })
}

impl Answer {
    /// The body of a 2xx answer; any other status becomes its error (for providers whose error
    /// bodies carry nothing more than the status).
    pub(crate) fn ok_body(self) -> Result<Vec<u8>, ProviderError> {
        if (200..300).contains(&self.status) {
            Ok(self.body)
        } else {
            Err(ProviderError::from_status(self.status, None))
        }
    }
}

fn transport(e: reqwest::Error) -> ProviderError {
    if e.is_redirect() {
        // Not retried: the same request would be sent to the same place.
        return ProviderError::BadRequest(format!("refused redirect: {}", e.without_url()));
    }
    let kind = if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connect"
    } else {
        "request"
    };
    // Without the URL: it may carry an API key in its query.
    ProviderError::Transport(format!("{kind}: {}", e.without_url()))
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
    fn backoff_doubles_up_to_the_cap() {
        let p = RetryPolicy {
            max_retries: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(350),
        };
        let waits: Vec<u128> = (0..4).map(|r| p.backoff(r).as_millis()).collect();
        assert_eq!(waits, [100, 200, 350, 350]);
    }

    #[test]
    fn parses_retry_after_seconds_only() {
        let mut h = HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert(RETRY_AFTER, "7".parse().expect("header"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        h.insert(
            RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().expect("header"),
        );
        assert_eq!(retry_after(&h), None);
    }
}
