//! Same input, same output, bit for bit.

use harbinger_model::{CalibrationMethod, WalkForward, WalkForwardConfig, walk_forward};

use crate::data::load;

fn fingerprint(wf: &WalkForward) -> Vec<u64> {
    let mut out = Vec::new();
    for p in wf.predictions.iter().flatten() {
        out.push(p.probability.to_bits());
        out.push(p.raw_probability.to_bits());
        out.extend(
            p.drivers
                .iter()
                .flat_map(|d| [d.value.to_bits(), d.weight.to_bits()]),
        );
    }
    out.push(wf.report.brier.to_bits());
    out.push(wf.report.log_loss.to_bits());
    out
}

#[test]
fn two_runs_give_bit_identical_predictions_and_versions() {
    let s = load("MSFT");
    for calibration in [CalibrationMethod::Platt, CalibrationMethod::Isotonic] {
        let mut config = WalkForwardConfig::default();
        config.model.calibration = calibration;
        let a = walk_forward(&s.view(), &config).unwrap();
        let b = walk_forward(&s.view(), &config).unwrap();
        let fa = fingerprint(&a);
        assert!(fa.len() > 1000);
        assert_eq!(fa, fingerprint(&b));
        let versions = |wf: &WalkForward| -> Vec<String> {
            wf.folds
                .iter()
                .map(|f| f.model_version.to_string())
                .collect()
        };
        assert_eq!(versions(&a), versions(&b));
        assert_eq!(a, b);
    }
}
