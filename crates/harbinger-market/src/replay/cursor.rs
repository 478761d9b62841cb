//! The replay position: which trading day is playing and how much of each series is revealed.

use harbinger_core::{Bar, Symbol};

use super::tape::Tape;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Cursor {
    /// Index into the tape's timeline of the day being played.
    day: usize,
    /// Next series to look at on `day`.
    next_series: usize,
    /// Per series: how many of its bars are revealed.
    played: Vec<usize>,
    /// Day index each lap starts from (after the warm-up).
    start: usize,
    lap: u64,
}

impl Cursor {
    pub(super) fn new(tape: &Tape, warmup_days: usize) -> Self {
        let start = warmup_days.min(tape.timeline.len().saturating_sub(1));
        let mut c = Self {
            day: start,
            next_series: 0,
            played: Vec::new(),
            start,
            lap: 0,
        };
        c.rewind(tape);
        c
    }

    /// Back to the first day after the warm-up, revealing exactly the warm-up days.
    fn rewind(&mut self, tape: &Tape) {
        self.day = self.start;
        self.next_series = 0;
        let first = tape.timeline.get(self.start).copied().unwrap_or(i64::MAX);
        self.played = tape
            .series
            .iter()
            .map(|s| s.bars.partition_point(|b| b.time < first))
            .collect();
    }

    pub(super) fn played(&self, series: usize) -> usize {
        self.played.get(series).copied().unwrap_or(0)
    }

    pub(super) const fn lap(&self) -> u64 {
        self.lap
    }

    /// The next bar of the current day, moving to the next day (or lap) when it is done.
    pub(super) fn next_bar(&mut self, tape: &Tape) -> Option<(Symbol, Bar)> {
        // Every timeline day has at least one bar, so two passes over the timeline suffice;
        // the bound only guards against a malformed tape.
        let budget = (tape.timeline.len() + 1) * (tape.series.len() + 1) * 2;
        for _ in 0..budget {
            let day = *tape.timeline.get(self.day)?;
            while let Some(series) = tape.series.get(self.next_series) {
                let idx = self.next_series;
                self.next_series += 1;
                let n = self.played[idx];
                if let Some(bar) = series.bars.get(n).filter(|b| b.time == day) {
                    self.played[idx] = n + 1;
                    return Some((series.symbol.clone(), *bar));
                }
            }
            self.advance_day(tape);
        }
        None
    }

    /// All remaining bars of the current day (a full day when called on a day boundary).
    pub(super) fn next_step(&mut self, tape: &Tape) -> Vec<(Symbol, Bar)> {
        let Some(first) = self.next_bar(tape) else {
            return Vec::new();
        };
        let day = first.1.time;
        let mut out = vec![first];
        while self.next_series < tape.series.len() {
            match self.peek_same_day(tape, day) {
                Some(idx) => {
                    let series = &tape.series[idx];
                    let n = self.played[idx];
                    if let Some(bar) = series.bars.get(n) {
                        out.push((series.symbol.clone(), *bar));
                        self.played[idx] = n + 1;
                    }
                    self.next_series = idx + 1;
                }
                None => break,
            }
        }
        // Nothing else trades on `day`.
        self.advance_day(tape);
        out
    }

    fn peek_same_day(&self, tape: &Tape, day: i64) -> Option<usize> {
        (self.next_series..tape.series.len()).find(|&i| {
            tape.series[i]
                .bars
                .get(self.played[i])
                .is_some_and(|b| b.time == day)
        })
    }

    fn advance_day(&mut self, tape: &Tape) {
        self.day += 1;
        self.next_series = 0;
        if self.day >= tape.timeline.len() {
            self.lap += 1;
            self.rewind(tape);
        }
    }
}
