//! Daily history for backtests and signal runs, from a CSV file or from the database (with the
//! bundled tape as a fallback), split-adjusted and trimmed to a date range.

use std::io::{BufRead as _, BufReader};
use std::path::Path;

use harbinger_core::{Bar, Interval, Symbol};
use harbinger_market::csv_daily::{Threads, import, parse_multi_reader};
use harbinger_market::replay::Tape;
use harbinger_market::{ValidatorConfig, adjust_for_splits, splits_of};
use harbinger_signals::OhlcvBuf;
use harbinger_store::{BarQuery, Store};

/// One symbol's bars and where they came from.
#[derive(Debug, Clone)]
pub struct Series {
    pub symbol: String,
    pub bars: OhlcvBuf,
    /// `csv`, `database` or `bundled`.
    pub source: &'static str,
    /// Rows left out because they failed validation.
    pub skipped: usize,
}

/// An inclusive range of bar times, Unix seconds.
#[derive(Debug, Clone, Copy)]
pub struct Range {
    pub from: i64,
    pub to: i64,
}

impl Range {
    /// From optional `--from` / `--to` days.
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Result<Self, String> {
        let from = from.map(|d| crate::market::day("--from", d)).transpose()?;
        let to = to.map(|d| crate::market::day("--to", d)).transpose()?;
        let r = Self {
            from: from.unwrap_or(i64::MIN),
            // `--to` names a day: include the whole of it.
            to: to.map_or(i64::MAX, |t| t + 86_399),
        };
        if r.from > r.to {
            return Err("--from is after --to".into());
        }
        Ok(r)
    }

    fn contains(self, t: i64) -> bool {
        (self.from..=self.to).contains(&t)
    }
}

/// The bundled history, parsed once per process: it is compiled into the binary and never
/// changes, and a publishing pass reads it for every symbol and open signal.
pub fn bundled() -> Result<&'static Tape, String> {
    static TAPE: std::sync::OnceLock<Result<Tape, String>> = std::sync::OnceLock::new();
    TAPE.get_or_init(|| Tape::bundled().map_err(|e| format!("bundled history: {e}")))
        .as_ref()
        .map_err(Clone::clone)
}

fn buf(bars: &[Bar], range: Range) -> OhlcvBuf {
    let mut b = OhlcvBuf::with_capacity(bars.len());
    for x in bars.iter().filter(|x| range.contains(x.time)) {
        b.push(x.time, x.open, x.high, x.low, x.close, x.volume);
    }
    b
}

/// Reads a CSV: the multi-symbol format (`symbol,ts,…`) or the daily format of one symbol.
/// `symbols` picks symbols out of a multi-symbol file (all when empty) or names the symbol of a
/// daily file (default: the file name).
pub fn from_csv(path: &Path, symbols: &[String], range: Range) -> Result<Vec<Series>, String> {
    let open =
        || std::fs::File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()));
    let mut header = String::new();
    BufReader::new(open()?)
        .read_line(&mut header)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if header.trim_start_matches('\u{feff}').starts_with("symbol,") {
        multi(path, open()?, symbols, range)
    } else {
        daily(path, open()?, symbols, range)
    }
}

fn multi(
    path: &Path,
    file: std::fs::File,
    symbols: &[String],
    range: Range,
) -> Result<Vec<Series>, String> {
    let parsed =
        parse_multi_reader(file, Threads::Two).map_err(|e| format!("{}: {e}", path.display()))?;
    let wanted = crate::market::symbols(symbols).unwrap_or_default();
    let mut out = Vec::new();
    for (symbol, rows) in parsed.series {
        if !wanted.is_empty() && !wanted.contains(&symbol) {
            continue;
        }
        let mut bars = Vec::with_capacity(rows.len());
        let mut skipped = 0;
        for r in rows {
            match Bar::new(
                r.time,
                r.open,
                r.high,
                r.low,
                r.close,
                r.volume,
                r.adj_close,
            ) {
                Ok(b) => bars.push(b),
                Err(_) => skipped += 1,
            }
        }
        out.push(Series {
            symbol: symbol.to_string(),
            bars: buf(&bars, range),
            source: "csv",
            skipped,
        });
    }
    if let Some(missing) = wanted
        .iter()
        .find(|w| !out.iter().any(|s| s.symbol == w.as_str()))
    {
        return Err(format!("{}: no rows for {missing}", path.display()));
    }
    Ok(out)
}

fn daily(
    path: &Path,
    file: std::fs::File,
    symbols: &[String],
    range: Range,
) -> Result<Vec<Series>, String> {
    let symbol = match symbols {
        [] => path
            .file_stem()
            .map(|s| s.to_string_lossy().to_uppercase())
            .unwrap_or_default(),
        [one] => one.clone(),
        _ => return Err("--symbols: a daily CSV holds one symbol; give one name or none".into()),
    };
    let symbol = Symbol::parse(&symbol)
        .map_err(|e| format!("symbol {symbol:?}: {e}; name it with --symbols"))?;
    let parsed = import(file, ValidatorConfig::EQUITY, Threads::Two)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let adjusted = adjust_for_splits(&parsed.bars, &splits_of(&parsed.bars));
    Ok(vec![Series {
        symbol: symbol.to_string(),
        bars: buf(&adjusted, range),
        source: "csv",
        skipped: parsed.rejected.len() + parsed.bad_rows.len(),
    }])
}

/// Daily bars of `symbols` from the database; where the bundled history of a symbol covers
/// more of the range (a fresh data dir holds only the replay's warm-up), that is used instead.
pub async fn from_store(
    store: &Store,
    symbols: &[Symbol],
    range: Range,
) -> Result<Vec<Series>, String> {
    let tape = bundled()?;
    let mut out = Vec::with_capacity(symbols.len());
    for symbol in symbols {
        let query = BarQuery {
            symbol: symbol.clone(),
            interval: Interval::D1,
            from: range.from,
            to: range.to,
            limit: 1_000_000,
        };
        let stored: Vec<Bar> = store
            .bars(&query)
            .await
            .map_err(|e| format!("cannot read bars of {symbol}: {e}"))?
            .into_iter()
            .map(|s| s.bar)
            .collect();
        let stored = adjust_for_splits(&stored, &splits_of(&stored));
        let bundled = tape
            .series(symbol)
            .map(|s| buf(&adjust_for_splits(&s.bars, &s.splits), range))
            .unwrap_or_default();
        let from_db = buf(&stored, range);
        let (bars, source) = if bundled.len() > from_db.len() {
            (bundled, "bundled")
        } else {
            (from_db, "database")
        };
        if bars.is_empty() {
            return Err(format!(
                "no daily bars for {symbol} in that range; fetch them with `harbinger backfill --provider yahoo --symbols {symbol}` or pass --csv FILE"
            ));
        }
        out.push(Series {
            symbol: symbol.to_string(),
            bars,
            source,
            skipped: 0,
        });
    }
    Ok(out)
}

/// Daily bars of one symbol as the live pipeline sees them: the stored bars, preceded by the
/// bundled history from before the first stored bar (the models need years; the replay feed
/// stores one warm-up year and then a day at a time). A symbol with no stored bars gets the
/// bundled history alone; one in neither is an error naming the fix.
pub async fn live_series(store: &Store, symbol: &Symbol) -> Result<Series, String> {
    let stored: Vec<Bar> = store
        .bars(&BarQuery {
            symbol: symbol.clone(),
            interval: Interval::D1,
            from: i64::MIN,
            to: i64::MAX,
            limit: 1_000_000,
        })
        .await
        .map_err(|e| format!("cannot read bars of {symbol}: {e}"))?
        .into_iter()
        .map(|s| s.bar)
        .collect();
    let tape = bundled()?;
    let first_stored = stored.first().map_or(i64::MAX, |b| b.time);
    let mut bars: Vec<Bar> = tape
        .series(symbol)
        .map(|s| {
            s.bars
                .iter()
                .filter(|b| b.time < first_stored)
                .copied()
                .collect()
        })
        .unwrap_or_default();
    let source = match (bars.is_empty(), stored.is_empty()) {
        (true, false) => "database",
        (false, false) => "bundled+database",
        (false, true) => "bundled",
        (true, true) => {
            return Err(format!(
                "no daily bars for {symbol}; fetch them with `harbinger backfill --provider yahoo --symbols {symbol}`"
            ));
        }
    };
    bars.extend(stored);
    let adjusted = adjust_for_splits(&bars, &splits_of(&bars));
    Ok(Series {
        symbol: symbol.to_string(),
        bars: buf(
            &adjusted,
            Range {
                from: i64::MIN,
                to: i64::MAX,
            },
        ),
        source,
        skipped: 0,
    })
}

/// Daily bars of `symbol` from `from` on, from the source a signal named (the database, or
/// the bundled history for `bundled`), in the terms of the first bar: prices as they were
/// recorded up to the first split after it, and after a split multiplied back by its ratio. An
/// entry price recorded on the first bar so compares with every bar that followed it, and a
/// 4:1 split inside a signal's horizon is not mistaken for a 75 % fall through its stop.
pub async fn raw_after(
    store: &Store,
    symbol: &Symbol,
    from: i64,
    source: &str,
) -> Result<OhlcvBuf, String> {
    let range = Range { from, to: i64::MAX };
    if source == "bundled" {
        let tape = bundled()?;
        return Ok(tape
            .series(symbol)
            .map(|s| {
                let after: Vec<Bar> = s.bars.iter().filter(|b| b.time >= from).copied().collect();
                buf(&in_first_bar_terms(&after, &s.splits), range)
            })
            .unwrap_or_default());
    }
    let stored: Vec<Bar> = store
        .bars(&BarQuery {
            symbol: symbol.clone(),
            interval: Interval::D1,
            from,
            to: i64::MAX,
            limit: 1_000,
        })
        .await
        .map_err(|e| format!("cannot read bars of {symbol}: {e}"))?
        .into_iter()
        .map(|s| s.bar)
        .collect();
    Ok(buf(
        &in_first_bar_terms(&stored, &splits_of(&stored)),
        range,
    ))
}

/// `bars` (oldest first) with every split after the first bar undone on the bars from the
/// split on, so all prices are in the first bar's terms.
pub fn in_first_bar_terms(bars: &[Bar], splits: &[harbinger_market::SplitEvent]) -> Vec<Bar> {
    let Some(first) = bars.first().map(|b| b.time) else {
        return Vec::new();
    };
    let after: Vec<_> = splits.iter().copied().filter(|s| s.time > first).collect();
    let factor: f64 = after
        .iter()
        .filter_map(harbinger_market::SplitEvent::price_factor)
        .product();
    if after.is_empty() || !factor.is_finite() || factor <= 0.0 {
        return bars.to_vec();
    }
    // Adjusting scales the bars before each split by its factor; dividing by the product of
    // the factors then leaves the first bar as recorded and scales the later ones back up.
    adjust_for_splits(bars, &after)
        .into_iter()
        .map(|mut b| {
            b.open /= factor;
            b.high /= factor;
            b.low /= factor;
            b.close /= factor;
            b.volume *= factor;
            b
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(time: i64, close: f64) -> Bar {
        Bar {
            time,
            open: close,
            high: close,
            low: close,
            close,
            volume: 100.0,
            adj_close: None,
        }
    }

    #[test]
    fn a_split_after_the_first_bar_is_undone_on_the_bars_after_it() {
        // 2:1 on day 3: 100, 101, then 51 and 56 recorded (102 and 112 before the split).
        let bars = [bar(1, 100.0), bar(2, 101.0), bar(3, 51.0), bar(4, 56.0)];
        let split = harbinger_market::SplitEvent {
            time: 3,
            numerator: 2.0,
            denominator: 1.0,
        };
        let out = in_first_bar_terms(&bars, &[split]);
        let closes: Vec<f64> = out.iter().map(|b| b.close).collect();
        assert_eq!(closes, [100.0, 101.0, 102.0, 112.0]);
        assert!((out[3].volume - 50.0).abs() < 1e-12);
        // A split before the first bar changes nothing: those prices are already in its terms.
        assert_eq!(in_first_bar_terms(&bars[2..], &[split]), bars[2..].to_vec());
        assert!(in_first_bar_terms(&[], &[split]).is_empty());
    }
}
