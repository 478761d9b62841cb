//! The one error type of the indicator module.

/// Why an indicator refused its parameters or inputs.
///
/// Indicators never panic on caller input: every period, multiplier and slice length is
/// checked up front and reported here.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndicatorError {
    /// A period (window length) is below the smallest value the indicator accepts.
    #[error("{indicator}: `{parameter}` must be at least {min}, got {value}")]
    PeriodTooSmall {
        /// Indicator name, e.g. `"RSI"`.
        indicator: &'static str,
        /// Parameter name, e.g. `"period"`.
        parameter: &'static str,
        /// The value passed.
        value: usize,
        /// The smallest accepted value.
        min: usize,
    },
    /// Two periods that must be ordered are not (MACD's fast period must be below its slow one).
    #[error("{indicator}: fast period {fast} must be below slow period {slow}")]
    PeriodOrder {
        /// Indicator name.
        indicator: &'static str,
        /// The fast period passed.
        fast: usize,
        /// The slow period passed.
        slow: usize,
    },
    /// A floating-point parameter is NaN or infinite.
    #[error("{indicator}: `{parameter}` must be finite")]
    NotFinite {
        /// Indicator name.
        indicator: &'static str,
        /// Parameter name.
        parameter: &'static str,
    },
    /// An input or output slice does not have the length of the first input.
    #[error("{indicator}: `{slice}` has {actual} values, expected {expected}")]
    LengthMismatch {
        /// Indicator name.
        indicator: &'static str,
        /// Name of the offending slice, e.g. `"low"` or `"out"`.
        slice: &'static str,
        /// Length of the first input.
        expected: usize,
        /// Length of the offending slice.
        actual: usize,
    },
}
