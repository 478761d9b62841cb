//! Sliding-window highest and lowest values, as TA-Lib tracks them: remember where the
//! extreme sits and rescan the window only when that position falls out of it. On price
//! series a rescan is rare, so a step costs O(1) on average without any buffer.

/// Which extreme to track.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Extreme {
    Highest,
    Lowest,
}

impl Extreme {
    #[inline]
    fn at_least_as_extreme(self, candidate: f64, current: f64) -> bool {
        match self {
            Extreme::Highest => candidate >= current,
            Extreme::Lowest => candidate <= current,
        }
    }

    /// The extreme of `values` (scanned in order).
    pub(crate) fn of(self, values: impl Iterator<Item = f64>) -> f64 {
        let mut best = f64::NAN;
        for (k, v) in values.enumerate() {
            if k == 0 || self.at_least_as_extreme(v, best) {
                best = v;
            }
        }
        best
    }
}

/// Tracker of one extreme over the window `x[i + 1 - period ..= i]` for increasing `i`.
#[derive(Debug, Clone)]
pub(crate) struct RollingExtreme {
    kind: Extreme,
    period: usize,
    index: Option<usize>,
    value: f64,
}

impl RollingExtreme {
    pub(crate) fn new(kind: Extreme, period: usize) -> Self {
        Self {
            kind,
            period,
            index: None,
            value: f64::NAN,
        }
    }

    /// Extreme of the window ending at `i` (`i + 1 >= period`); calls must visit
    /// consecutive `i`.
    #[inline]
    pub(crate) fn at(&mut self, x: &[f64], i: usize) -> f64 {
        let start = i + 1 - self.period;
        match self.index {
            Some(idx) if idx >= start => {
                if self.kind.at_least_as_extreme(x[i], self.value) {
                    self.index = Some(i);
                    self.value = x[i];
                }
            }
            _ => {
                let mut idx = start;
                for (k, &v) in x[start..=i].iter().enumerate() {
                    if self.kind.at_least_as_extreme(v, x[idx]) {
                        idx = start + k;
                    }
                }
                self.index = Some(idx);
                self.value = x[idx];
            }
        }
        self.value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracks_the_window_maximum_and_minimum() {
        let x = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0];
        let mut hi = RollingExtreme::new(Extreme::Highest, 3);
        let mut lo = RollingExtreme::new(Extreme::Lowest, 3);
        for i in 2..x.len() {
            let w = &x[i - 2..=i];
            assert_eq!(hi.at(&x, i), w.iter().copied().fold(f64::MIN, f64::max));
            assert_eq!(lo.at(&x, i), w.iter().copied().fold(f64::MAX, f64::min));
        }
    }
}
