//! Splits recovered from a file that has raw prices and an adjusted close.

use crate::raw::{RawBar, SplitEvent};

/// A move of the raw close this much larger or smaller than the adjusted close's move is a
/// split; dividends never come close (a few percent at most).
const SPLIT_DETECT: f64 = 0.25;

/// Finds the splits in rows whose `close` is raw and `adj_close` split-adjusted (Quandl WIKI,
/// Yahoo exports): where the two closes' day-to-day moves disagree by a factor, that factor is
/// the split ratio (2.0 for a 2:1 split). Rows without `adj_close` contribute nothing, so a file
/// whose closes are already adjusted yields no splits.
pub fn splits_from_adj_close(rows: &[RawBar]) -> Vec<SplitEvent> {
    rows.windows(2)
        .filter_map(|w| {
            let (a, b) = (&w[0], &w[1]);
            let (aa, ba) = (a.adj_close?, b.adj_close?);
            let ratio = (ba / aa) / (b.close / a.close);
            (ratio.is_finite() && ratio > 0.0 && (ratio.ln().abs() > (1.0 + SPLIT_DETECT).ln()))
                .then_some(SplitEvent {
                    time: b.time,
                    numerator: ratio,
                    denominator: 1.0,
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(time: i64, close: f64, adj: f64) -> RawBar {
        RawBar {
            time,
            open: close,
            high: close,
            low: close,
            close,
            volume: 1.0,
            adj_close: Some(adj),
        }
    }

    #[test]
    fn finds_a_two_for_one_split_and_ignores_dividends() {
        let rows = [row(1, 100.0, 50.0), row(2, 51.0, 51.0), row(3, 50.0, 49.5)];
        let s = splits_from_adj_close(&rows);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].time, 2);
        assert!((s[0].numerator - 2.0).abs() < 1e-9);
        assert!(splits_from_adj_close(&rows[1..]).is_empty());
    }
}
