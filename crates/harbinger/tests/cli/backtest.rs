//! `harbinger backtest` as a user runs it: the correctness anchor against the peer benchmark's
//! numpy engine, the bundled history on a fresh data dir, and bad input.

use std::path::PathBuf;

use super::{harbinger, stderr_line};

fn golden(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../harbinger-signals/tests/golden")
        .join(rel)
}

fn reference() -> serde_json::Value {
    let text = std::fs::read_to_string(golden("expected/backtest_sma_cross.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn json_of(args: &[&str], dir: &std::path::Path) -> serde_json::Value {
    let out = harbinger(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn assert_close(ours: &serde_json::Value, theirs: &serde_json::Value, what: &str) {
    let (a, b) = (ours.as_f64().unwrap(), theirs.as_f64().unwrap());
    assert!(
        (a - b).abs() <= 1e-9 * b.abs().max(1.0),
        "{what}: {a} vs reference {b}"
    );
}

/// The anchor: gen_ohlcv.py --symbols 100, SMA cross at the close with no fees, means over
/// symbols equal to the numpy reference's to 1e-9.
#[test]
fn sma_cross_means_match_the_reference_engine_on_100_generated_symbols() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("ohlcv_100.csv");
    let status = std::process::Command::new("python3")
        .arg(golden("gen_ohlcv.py"))
        .args(["--symbols", "100", "--bars", "2520", "-o"])
        .arg(&csv)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("python3 runs the bundled generator");
    assert!(status.success());
    let csv = csv.to_str().unwrap();
    let report = json_of(
        &[
            "backtest",
            "--strategy",
            "sma_cross",
            "--csv",
            csv,
            "--fill",
            "close",
            "--fees",
            "0",
            "--json",
        ],
        dir.path(),
    );
    assert_eq!(report["symbols"].as_object().unwrap().len(), 100);
    let want = &reference()["mean_100"];
    for key in ["total_return", "sharpe", "max_drawdown", "win_rate"] {
        assert_close(&report["mean"][key], &want[key], key);
    }
    assert_eq!(report["config"]["fill"], "close");
    assert!(report["symbols"]["SYM0042"]["buy_and_hold"]["total_return"].is_f64());
}

#[test]
fn a_daily_csv_and_a_chosen_symbol_of_a_multi_symbol_csv() {
    let dir = tempfile::tempdir().unwrap();
    let want = &reference()["symbols"];
    // A daily file with an adjusted close: its splits (AAPL 2005, MSFT 2003) are taken out
    // before the strategy runs, so the figures differ from the reference's raw closes.
    for (file, name) in [("data/AAPL.csv", "APPLE"), ("data/MSFT.csv", "MSFT")] {
        let path = golden(file);
        let r = json_of(
            &[
                "backtest",
                "--strategy",
                "sma_cross",
                "--csv",
                path.to_str().unwrap(),
                "--symbols",
                name,
                "--json",
            ],
            dir.path(),
        );
        let bars = r["symbols"][name]["bars"].as_u64().unwrap();
        assert!((3260..=3270).contains(&bars), "{name}: {bars} bars");
        let raw = want[if name == "MSFT" { "MSFT" } else { "AAPL" }]["total_return"]
            .as_f64()
            .unwrap();
        let adjusted = r["symbols"][name]["total_return"].as_f64().unwrap();
        assert!(
            (adjusted - raw).abs() > 1e-3,
            "{name}: the split must be adjusted away"
        );
    }
    let multi = golden("data/synthetic_ohlcv.csv");
    let one = json_of(
        &[
            "backtest",
            "--strategy",
            "sma_cross",
            "--csv",
            multi.to_str().unwrap(),
            "--symbols",
            "SYM0001",
            "--fill",
            "close",
            "--json",
        ],
        dir.path(),
    );
    let symbols = one["symbols"].as_object().unwrap();
    assert_eq!(symbols.keys().collect::<Vec<_>>(), ["SYM0001"]);
    assert_close(
        &one["mean"]["sharpe"],
        &want["SYM0001"]["sharpe"],
        "SYM0001 sharpe",
    );
}

#[test]
fn bundled_history_backs_a_fresh_data_dir_and_fees_cost_money() {
    let dir = tempfile::tempdir().unwrap();
    let run = |fees: &str| {
        json_of(
            &[
                "backtest",
                "--strategy",
                "ensemble",
                "--symbols",
                "AAPL,MSFT",
                "--fees",
                fees,
                "--json",
            ],
            dir.path(),
        )
    };
    let free = run("0");
    let costly = run("25");
    for sym in ["AAPL", "MSFT"] {
        let (a, b) = (
            free["symbols"][sym]["final_equity"].as_f64().unwrap(),
            costly["symbols"][sym]["final_equity"].as_f64().unwrap(),
        );
        assert!(b < a, "{sym}: fees must lower equity ({b} vs {a})");
        assert_eq!(free["symbols"][sym]["bars"], 3270);
    }
    // Text output: a table with a row per symbol and the mean.
    let out = harbinger(dir.path())
        .args([
            "backtest",
            "--strategy",
            "donchian_breakout",
            "--symbols",
            "IBM,GOOG",
            "--from",
            "2008-01-01",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("donchian_breakout") && text.contains("IBM") && text.contains("mean"),
        "{text}"
    );
}

/// The walk-forward model as a strategy: it trades out of sample only, on part of the bars.
#[test]
fn ml_trades_out_of_sample_on_the_bundled_history() {
    let dir = tempfile::tempdir().unwrap();
    let report = json_of(
        &[
            "backtest",
            "--strategy",
            "ml",
            "--symbols",
            "GOOG",
            "--json",
        ],
        dir.path(),
    );
    assert_eq!(report["strategy"], "ml");
    let goog = &report["symbols"]["GOOG"];
    let trades = goog["trades"].as_f64().unwrap();
    let exposure = goog["exposure"].as_f64().unwrap();
    assert!(trades >= 5.0, "ml made {trades} trades");
    // The first 250+ bars train the first fold: the model cannot be in the market all the time.
    assert!(exposure > 0.0 && exposure < 0.9, "exposure {exposure}");
    // The calibration of its graded signals: out-of-sample probabilities against outcomes.
    let cal = &report["calibration"];
    let graded = cal["predictions"].as_u64().unwrap();
    assert!(graded >= 5, "{cal}");
    let buckets = cal["buckets"].as_array().unwrap();
    assert_eq!(buckets.len(), 10);
    let counted: u64 = buckets.iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(counted, graded);
    let brier = cal["brier"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&brier), "{cal}");
}

#[test]
fn bad_backtest_input_exits_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let csv = golden("data/MSFT.csv");
    let csv = csv.to_str().unwrap();
    for (args, says) in [
        (
            vec!["backtest", "--strategy", "momentum", "--csv", csv],
            "unknown strategy",
        ),
        (
            vec![
                "backtest",
                "--strategy",
                "sma_cross",
                "--csv",
                csv,
                "--param",
                "fast=50",
            ],
            "below `slow`",
        ),
        (
            vec![
                "backtest",
                "--strategy",
                "sma_cross",
                "--csv",
                csv,
                "--param",
                "fast",
            ],
            "name=value",
        ),
        (
            vec![
                "backtest",
                "--strategy",
                "sma_cross",
                "--csv",
                csv,
                "--fees=-3",
            ],
            "commission",
        ),
        (
            vec![
                "backtest",
                "--strategy",
                "sma_cross",
                "--csv",
                "/nonexistent.csv",
            ],
            "cannot open",
        ),
        (
            vec![
                "backtest",
                "--strategy",
                "sma_cross",
                "--csv",
                csv,
                "--from",
                "2013-02-20",
            ],
            "needs more",
        ),
        (
            vec!["backtest", "--strategy", "sma_cross", "--symbols", "NOPE"],
            "no daily bars for NOPE",
        ),
        (vec!["backtest", "--strategy", "sma_cross"], "--symbols"),
    ] {
        let out = harbinger(dir.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let line = stderr_line(&out);
        assert!(line.contains(says), "{args:?}: {line}");
    }
}
