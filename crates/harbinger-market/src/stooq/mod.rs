//! Stooq's daily CSV download (`/q/d/l/?s=spy.us&i=d`).
//!
//! Stooq answers HTTP 200 whatever happens: a CSV `Date,Open,High,Low,Close,Volume` on success,
//! the plain text `No data` for an unknown symbol, and `Exceeded the daily hits limit` once
//! the daily quota is spent. Index and FX series come without a `Volume` column (volume 0).

use crate::csv_daily::{self, DailyCsv, Input, Volume};
use crate::error::{ProviderError, clip};

/// Parses a Stooq daily download; the text answers become typed errors.
pub fn parse_daily_csv(body: &[u8]) -> Result<DailyCsv, ProviderError> {
    let text = body.trim_ascii();
    if text.is_empty() {
        return Err(ProviderError::NotFound("empty answer".to_owned()));
    }
    let lossy = || String::from_utf8_lossy(&text[..text.len().min(200)]).into_owned();
    if text.eq_ignore_ascii_case(b"No data") {
        return Err(ProviderError::NotFound("No data".to_owned()));
    }
    let head = String::from_utf8_lossy(&text[..text.len().min(200)]).to_ascii_lowercase();
    if head.contains("exceeded the daily hits limit") {
        return Err(ProviderError::RateLimited {
            // The quota resets daily; Stooq does not say when.
            retry_after: None,
            message: clip(&lossy(), 200),
        });
    }
    if !head.starts_with("date,") && !head.starts_with("\u{feff}date,") {
        return Err(ProviderError::schema(format!(
            "not a Stooq CSV: {:?}",
            clip(&lossy(), 80)
        )));
    }
    csv_daily::parse_with(Input::bytes(body), Volume::Optional)
}

mod client;

pub use client::{DEFAULT_BASE_URL, StooqProvider, stooq_ticker};
