//! Small serde helpers shared by the JSON parsers.

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, SeqAccess, Visitor};

use crate::error::{ProviderError, clip};

/// A JSON array of numbers where `null` means "no value": deserialised straight into `f64`
/// with `NaN` for `null`, so no second pass over an `Option<f64>` vector is needed.
///
/// Keeping the arrays as raw text and reading them with the CSV number parser was tried: it is
/// correctly rounded (serde_json's default float parsing is within one ulp) but 1.3x slower
/// on the benchmark documents, because serde_json still scans every number to find the end.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct NanVec(pub(crate) Vec<f64>);

impl<'de> Deserialize<'de> for NanVec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NanVec;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of numbers or nulls")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NanVec, A::Error> {
                // Capped so a hostile size hint cannot make us allocate up front.
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4_096));
                while let Some(v) = seq.next_element::<Option<f64>>()? {
                    out.push(v.unwrap_or(f64::NAN));
                }
                Ok(NanVec(out))
            }
        }
        d.deserialize_seq(V)
    }
}

/// Parses a decimal number sent as text (`"171.1800"`), as Alpha Vantage and Binance do.
pub(crate) fn num(text: &str, field: &str) -> Result<f64, ProviderError> {
    text.trim().parse::<f64>().map_err(|_| {
        ProviderError::schema(format!("{field} is not a number: {:?}", clip(text, 40)))
    })
}
