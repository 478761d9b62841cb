//! The serialised form of bars and quotes in the Redis tier and on the bus. Bars read back are
//! validated again (`Bar::new`), so a corrupted cache entry is a miss, never a wrong price.

use harbinger_core::Bar;
use harbinger_store::StoredBar;
use serde::{Deserialize, Serialize};

/// One bar and its source, flat.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BarRecord {
    pub time: i64,
    pub open: f64,
    pub high: f64,
    pub low: f64,
    pub close: f64,
    pub volume: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adj_close: Option<f64>,
}

impl From<Bar> for BarRecord {
    fn from(b: Bar) -> Self {
        Self {
            time: b.time,
            open: b.open,
            high: b.high,
            low: b.low,
            close: b.close,
            volume: b.volume,
            adj_close: b.adj_close,
        }
    }
}

impl BarRecord {
    /// The validated bar, or `None` when the record breaks a bar rule.
    pub fn bar(&self) -> Option<Bar> {
        Bar::new(
            self.time,
            self.open,
            self.high,
            self.low,
            self.close,
            self.volume,
            self.adj_close,
        )
        .ok()
    }
}

/// A stored bar as cached: the bar and the provider that delivered it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CachedBar {
    #[serde(flatten)]
    pub(crate) bar: BarRecord,
    pub(crate) source: String,
}

impl From<&StoredBar> for CachedBar {
    fn from(b: &StoredBar) -> Self {
        Self {
            bar: b.bar.into(),
            source: b.source.clone(),
        }
    }
}

impl CachedBar {
    pub(crate) fn stored(&self) -> Option<StoredBar> {
        Some(StoredBar {
            bar: self.bar.bar()?,
            source: self.source.clone(),
        })
    }
}
