//! The local researcher: a note written from the signal's own drivers, with no network and no
//! tokens. It is the default when no provider is configured, and what a caller can fall back to
//! when a provider fails.

use crate::types::{Claim, Driver, Note, NoteRequest, Usage};
use crate::validate::plain_text;

/// How many drivers the local note describes.
const TOP_DRIVERS: usize = 3;

/// Deterministic notes from the drivers: the same request gives the same note.
#[derive(Debug, Clone, Copy, Default)]
pub struct LocalResearcher;

impl LocalResearcher {
    /// The note for `req`; documents and the token cap are ignored.
    pub fn note(req: &NoteRequest) -> Note {
        let f = &req.facts;
        let mut drivers: Vec<&Driver> = f.drivers.iter().collect();
        // Largest contribution first; ties by name, so the order never depends on input order.
        drivers.sort_by(|a, b| {
            contribution(b)
                .total_cmp(&contribution(a))
                .then_with(|| a.name.cmp(&b.name))
        });
        drivers.truncate(TOP_DRIVERS);
        let side = if f.side.eq_ignore_ascii_case("short") {
            "short"
        } else {
            "long"
        };
        let symbol = clean(&f.symbol);
        let strategy = clean(&f.strategy);
        let names: Vec<String> = drivers.iter().map(|d| clean(&d.name)).collect();
        let summary = if names.is_empty() {
            format!(
                "Harbinger's {strategy} strategy signals a {side} position in {symbol} over the \
                 next {} bars. No driver details were recorded for this signal.",
                f.horizon_bars
            )
        } else {
            format!(
                "Harbinger's {strategy} strategy signals a {side} position in {symbol} over the \
                 next {} bars. The strongest inputs were {}.",
                f.horizon_bars,
                join(&names)
            )
        };
        let claims = drivers
            .iter()
            .zip(&names)
            .map(|(d, name)| Claim {
                text: sentence(d, name, side),
                sources: Vec::new(),
            })
            .collect();
        Note {
            summary,
            claims,
            citations: Vec::new(),
            provider: "local".to_owned(),
            model: "drivers".to_owned(),
            usage: Usage::default(),
        }
    }
}

fn contribution(d: &Driver) -> f64 {
    let c = (d.value * d.weight).abs();
    if c.is_nan() { 0.0 } else { c }
}

/// One plain-language sentence about a driver.
fn sentence(d: &Driver, name: &str, side: &str) -> String {
    let push = d.value * d.weight;
    let toward = if push >= 0.0 {
        "in favour of"
    } else {
        "against"
    };
    let strength = match contribution(d) {
        c if c >= 1.0 => "strongly",
        c if c >= 0.25 => "moderately",
        _ => "slightly",
    };
    format!(
        "{name} (value {:.4}, weight {:.4}) weighed {strength} {toward} the {side} side.",
        d.value, d.weight
    )
}

/// Names are Harbinger's own, but they still end up as text on a page: same rules as any note.
fn clean(s: &str) -> String {
    let t: String = plain_text(s)
        .unwrap_or_else(|_| s.chars().filter(|c| !c.is_control()).collect())
        .replace('\n', " ")
        .chars()
        .take(80)
        .collect();
    if t.is_empty() {
        "(unnamed)".to_owned()
    } else {
        t
    }
}

fn join(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::SignalFacts;

    fn facts(drivers: Vec<Driver>) -> SignalFacts {
        SignalFacts {
            symbol: "MSFT".into(),
            strategy: "ml".into(),
            side: "short".into(),
            entry: 100.0,
            stop: 105.0,
            target: 90.0,
            horizon_bars: 10,
            confidence: 0.7,
            bar_time: 1_700_000_000,
            drivers,
        }
    }

    fn d(name: &str, value: f64, weight: f64) -> Driver {
        Driver {
            name: name.into(),
            value,
            weight,
        }
    }

    #[test]
    fn describes_the_top_three_in_a_fixed_order() {
        let a = NoteRequest::new(facts(vec![
            d("rsi_14", 0.2, 1.0),
            d("mom_20", -2.0, 1.0),
            d("vol_ratio", 0.5, 1.0),
            d("gap", 0.1, 0.1),
        ]));
        let mut b = a.clone();
        b.facts.drivers.reverse();
        let (na, nb) = (LocalResearcher::note(&a), LocalResearcher::note(&b));
        assert_eq!(na, nb);
        assert_eq!(na.claims.len(), 3);
        assert!(
            na.summary.contains("mom_20, vol_ratio and rsi_14"),
            "{}",
            na.summary
        );
        assert!(
            na.claims[0]
                .text
                .contains("strongly against the short side")
        );
        assert_eq!(na.usage, Usage::default());
        assert!(na.citations.is_empty());
    }

    #[test]
    fn no_drivers_and_odd_values_still_give_a_note() {
        let n = LocalResearcher::note(&NoteRequest::new(facts(vec![])));
        assert!(n.claims.is_empty());
        assert!(!n.summary.is_empty());
        let n = LocalResearcher::note(&NoteRequest::new(facts(vec![d("x\u{7}", f64::NAN, 1.0)])));
        assert_eq!(n.claims.len(), 1);
        assert!(!n.claims[0].text.contains('\u{7}'));
    }
}
