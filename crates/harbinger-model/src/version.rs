//! `model_version`: a stable name for "this recipe trained on this range".

use std::fmt::{self, Write as _};

use sha2::{Digest, Sha256};

use crate::ModelConfig;
use crate::features::FeatureSet;

/// Lowercase hex SHA-256 of the model's parameters, its feature-set version and its training
/// range (first and last training bar time).
///
/// The hashed text is canonical (fixed field order, floats as their IEEE-754 bit patterns),
/// so the same recipe on the same range has the same version on every run and machine, and
/// any change to a parameter, a feature definition (through the feature-set version) or the
/// training range changes it. It names the recipe, not the data: two symbols trained with
/// the same settings over the same dates share a version.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModelVersion(String);

/// Bump when the meaning of a hashed field changes.
const SCHEME: &str = "harbinger-model/1";

impl ModelVersion {
    /// The version of `config` with `features`, trained on bars from `first` to `last`
    /// (Unix seconds, both included).
    pub fn new(config: &ModelConfig, features: &FeatureSet, first: i64, last: i64) -> Self {
        Self(hex::encode(Sha256::digest(canonical(
            config, features, first, last,
        ))))
    }

    /// The 64 hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ModelVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The text that is hashed: one `key=value` per line.
fn canonical(config: &ModelConfig, features: &FeatureSet, first: i64, last: i64) -> String {
    let bits = |v: f64| format!("{:016x}", v.to_bits());
    let b = &config.barrier;
    let l = &config.logistic;
    let mut s = String::new();
    // Writing to a String cannot fail.
    let _ = write!(
        s,
        "scheme={SCHEME}\nfeatures={}\nside={}\ntarget_atr={}\nstop_atr={}\nhorizon={}\n\
         atr_period={}\nmodel=logistic\nl2={}\nmax_iter={}\ntolerance={}\ncalibration={}\n\
         platt_prior={}\ncalibration_fraction={}\nmin_train_rows={}\ntrain_first={first}\ntrain_last={last}\n",
        features.version,
        config.side.as_str(),
        bits(b.target_atr),
        bits(b.stop_atr),
        b.horizon,
        b.atr_period,
        bits(l.l2),
        l.max_iter,
        bits(l.tolerance),
        config.calibration.as_str(),
        bits(config.platt_prior),
        bits(config.calibration_fraction),
        config.min_train_rows,
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::FEATURE_SET;

    #[test]
    fn is_64_hex_digits_and_stable() {
        let c = ModelConfig::default();
        let v = ModelVersion::new(&c, &FEATURE_SET, 100, 200);
        assert_eq!(v.as_str().len(), 64);
        assert!(
            v.as_str()
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_eq!(v, ModelVersion::new(&c, &FEATURE_SET, 100, 200));
        // The hash of the canonical text, recomputed independently.
        let expected = hex::encode(Sha256::digest(canonical(&c, &FEATURE_SET, 100, 200)));
        assert_eq!(v.to_string(), expected);
    }

    #[test]
    fn changes_with_parameters_features_and_range() {
        let c = ModelConfig::default();
        let base = ModelVersion::new(&c, &FEATURE_SET, 100, 200);
        let mut other = c.clone();
        other.barrier.horizon += 1;
        assert_ne!(base, ModelVersion::new(&other, &FEATURE_SET, 100, 200));
        let mut other = c.clone();
        other.logistic.l2 *= 2.0;
        assert_ne!(base, ModelVersion::new(&other, &FEATURE_SET, 100, 200));
        let renamed = FeatureSet {
            version: "harbinger-features/x",
            ..FEATURE_SET
        };
        assert_ne!(base, ModelVersion::new(&c, &renamed, 100, 200));
        assert_ne!(base, ModelVersion::new(&c, &FEATURE_SET, 100, 201));
        assert_ne!(base, ModelVersion::new(&c, &FEATURE_SET, 99, 200));
    }
}
