//! Splits recovered from a file that has raw prices and an adjusted close.

use harbinger_core::Bar;

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

/// Prices of `bars` (oldest first) adjusted for every split in `splits`, so the series has no
/// split jumps: bars before a split are multiplied by its price factor (and volumes divided by
/// it), as charting and backtesting expect. Splits with a nonsensical ratio are ignored.
pub fn adjust_for_splits(bars: &[Bar], splits: &[SplitEvent]) -> Vec<Bar> {
    let mut out = bars.to_vec();
    for split in splits {
        let Some(f) = split.price_factor() else {
            continue;
        };
        for b in out.iter_mut().take_while(|b| b.time < split.time) {
            b.open *= f;
            b.high *= f;
            b.low *= f;
            b.close *= f;
            b.volume /= f;
        }
    }
    out
}

/// [`splits_from_adj_close`] over validated bars.
pub fn splits_of(bars: &[Bar]) -> Vec<SplitEvent> {
    let raw: Vec<RawBar> = bars
        .iter()
        .map(|b| RawBar {
            time: b.time,
            open: b.open,
            high: b.high,
            low: b.low,
            close: b.close,
            volume: b.volume,
            adj_close: b.adj_close,
        })
        .collect();
    splits_from_adj_close(&raw)
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

    #[test]
    fn adjusting_removes_the_split_jump() {
        let bar = |time, close| Bar {
            time,
            open: close,
            high: close,
            low: close,
            close,
            volume: 10.0,
            adj_close: None,
        };
        let bars = [bar(1, 100.0), bar(2, 50.5)];
        let split = SplitEvent {
            time: 2,
            numerator: 2.0,
            denominator: 1.0,
        };
        let adjusted = adjust_for_splits(&bars, &[split]);
        assert!((adjusted[0].close - 50.0).abs() < 1e-12);
        assert!((adjusted[0].volume - 20.0).abs() < 1e-12);
        assert_eq!(adjusted[1], bars[1]);
    }
}
