//! The one error type of the crate.

use harbinger_signals::indicators::IndicatorError;

/// Why the model refused its parameters or its input.
///
/// Nothing in this crate panics on caller input: every parameter and every slice length is
/// checked up front and reported here.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    /// A column of an [`crate::Ohlcv`] view does not have the length of `time`.
    #[error("column `{column}` has {actual} values, expected {expected} (the length of `time`)")]
    LengthMismatch {
        /// Name of the offending column.
        column: &'static str,
        /// Length of `time`.
        expected: usize,
        /// Length of the column.
        actual: usize,
    },
    /// Bar times must strictly increase: features and folds are defined by bar order.
    #[error("bar times must strictly increase: bar {index} has time {time} after {previous}")]
    TimeNotIncreasing {
        /// Index of the first bar out of order.
        index: usize,
        /// Its time.
        time: i64,
        /// The time of the bar before it.
        previous: i64,
    },
    /// A numeric parameter is outside its valid range.
    #[error("`{parameter}` {requirement}, got {value}")]
    InvalidParameter {
        /// Parameter name, e.g. `"horizon"`.
        parameter: &'static str,
        /// What the parameter must satisfy, e.g. `"must be at least 1"`.
        requirement: &'static str,
        /// The value passed, as text.
        value: String,
    },
    /// Too few usable rows (finite features and a defined label) to fit.
    #[error("{stage}: {available} usable rows, at least {required} needed")]
    NotEnoughData {
        /// What was being fitted, e.g. `"logistic regression"`.
        stage: &'static str,
        /// Usable rows found.
        available: usize,
        /// Rows required.
        required: usize,
    },
    /// All training labels are equal: no model can separate one class from nothing.
    #[error("{stage}: every label is {label}; both classes are needed")]
    SingleClass {
        /// What was being fitted.
        stage: &'static str,
        /// The only label present.
        label: u8,
    },
    /// A feature row has the wrong number of values.
    #[error("feature row has {actual} values, the model expects {expected}")]
    FeatureCount {
        /// Features the model was trained on.
        expected: usize,
        /// Values passed.
        actual: usize,
    },
    /// Two inputs that go together (scores and labels, rows and labels) differ in length.
    #[error("{stage}: `{input}` has {actual} values, expected {expected}")]
    InputLength {
        /// What was being computed.
        stage: &'static str,
        /// Name of the offending input.
        input: &'static str,
        /// The length it must have.
        expected: usize,
        /// Its length.
        actual: usize,
    },
    /// The optimiser met a non-finite value or a singular system.
    #[error("{stage} did not converge: {reason}")]
    Numerical {
        /// What was being fitted.
        stage: &'static str,
        /// What went wrong.
        reason: &'static str,
    },
    /// An indicator refused its parameters (a bug in a feature definition, reported rather
    /// than unwrapped).
    #[error(transparent)]
    Indicator(#[from] IndicatorError),
}

impl ModelError {
    /// Shorthand for [`ModelError::InvalidParameter`].
    pub(crate) fn invalid(
        parameter: &'static str,
        requirement: &'static str,
        value: impl std::fmt::Display,
    ) -> Self {
        Self::InvalidParameter {
            parameter,
            requirement,
            value: value.to_string(),
        }
    }
}
