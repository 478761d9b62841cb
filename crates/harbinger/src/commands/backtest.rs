//! `harbinger backtest`: a strategy over daily history, per symbol and on average, beside
//! buy-and-hold.

use std::fmt::Write as _;
use std::io::Write as _;

use harbinger_model::CalibrationReport;
use harbinger_signals::backtest::{Config, Detail, Fill, Report, SymbolReport, run_many};
use harbinger_signals::signal::SignalRules;
use harbinger_signals::strategy::{Strategy, parse_overrides};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Failure;
use crate::cli::{self, BacktestArgs};
use crate::config::Loaded;
use crate::history::{self, Range, Series};

/// Builds a strategy by name from `name=value` parameters (see [`harbinger_model::strategies`]).
pub fn build_strategy(name: &str, params: &[String]) -> Result<Box<dyn Strategy>, String> {
    let overrides = parse_overrides(params).map_err(|e| e.to_string())?;
    harbinger_model::build_strategy(name, &overrides).map_err(|e| e.to_string())
}

pub async fn run(loaded: Loaded, args: BacktestArgs) -> Result<(), Failure> {
    let _telemetry = super::telemetry(&loaded)?;
    let strategy = build_strategy(&args.strategy, &args.params).map_err(Failure::usage)?;
    let cfg = Config {
        fill: match args.fill {
            cli::Fill::NextOpen => Fill::NextOpen,
            cli::Fill::Close => Fill::Close,
        },
        commission_bps: args.fees,
        slippage_bps: args.slippage,
        size: args.size,
        variants: args.variants,
        ..Config::default()
    };
    cfg.check().map_err(|e| Failure::usage(e.to_string()))?;
    let range = Range::parse(args.from.as_deref(), args.to.as_deref()).map_err(Failure::usage)?;
    let series = if let Some(path) = &args.csv {
        history::from_csv(path, &args.symbols, range).map_err(Failure::usage)?
    } else {
        let symbols = crate::market::symbols(&args.symbols).map_err(Failure::usage)?;
        let store = super::store(&loaded.config).await?;
        history::from_store(&store, &symbols, range)
            .await
            .map_err(Failure::usage)?
    };
    if let Some(s) = series.iter().find(|s| s.bars.len() <= strategy.warmup()) {
        return Err(Failure::usage(format!(
            "{}: {} bars in range, {} needs more than {}",
            s.symbol,
            s.bars.len(),
            strategy.name(),
            strategy.warmup()
        )));
    }
    let json = args.json;
    let (report, calibration) =
        tokio::task::spawn_blocking(move || compute(strategy.as_ref(), &series, &cfg, json))
            .await
            .map_err(|e| Failure::failed(format!("backtest failed: {e}")))??;
    let mut out = std::io::stdout().lock();
    let written = if json {
        serde_json::to_writer(&mut out, &with_calibration(&report, calibration.as_ref()))
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        write!(out, "{}", render(&report, calibration.as_ref()))
    };
    written.map_err(|e| Failure::failed(format!("cannot write the report: {e}")))
}

/// The report as JSON with the calibration of its signals beside `symbols` and `mean`.
pub fn with_calibration(
    report: &Report,
    calibration: Option<&CalibrationReport>,
) -> serde_json::Value {
    let mut value = serde_json::to_value(report).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.insert(
            "calibration".into(),
            serde_json::to_value(calibration).unwrap_or_default(),
        );
    }
    value
}

fn compute(
    strategy: &dyn Strategy,
    series: &[Series],
    cfg: &Config,
    quiet: bool,
) -> Result<(Report, Option<CalibrationReport>), Failure> {
    let views = series
        .iter()
        .map(|s| s.bars.view().map(|v| (s.symbol.clone(), v)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Failure::usage(format!("bad series: {e}")))?;
    let bar = ProgressBar::new(views.len() as u64);
    if quiet || views.len() < 2 {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template("{spinner} backtest {pos}/{len} [{bar:30}] {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    // The text table draws each equity curve as a sparkline; JSON stays figures only.
    let detail = Detail {
        curve_points: if quiet { 0 } else { 96 },
        trades: false,
    };
    let report = run_many(strategy, &views, cfg, detail, |done, _| {
        bar.set_position(done as u64);
    })
    .map_err(|e| Failure::usage(e.to_string()))?;
    let bars: Vec<_> = views.iter().map(|(_, v)| *v).collect();
    let calibration = harbinger_model::calibration(strategy, &bars, SignalRules::default())
        .map_err(|e| Failure::usage(e.to_string()))?;
    bar.finish_and_clear();
    Ok((report, calibration))
}

fn pct(x: f64) -> String {
    if x.is_finite() {
        format!("{:+.1}%", x * 100.0)
    } else {
        "–".into()
    }
}

fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.2}")
    } else {
        "–".into()
    }
}

/// Eight-level bars of the equity curve: the shape at a glance.
fn sparkline(points: &[(i64, f64)], width: usize) -> String {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    if points.is_empty() {
        return String::new();
    }
    let step = points.len().div_ceil(width).max(1);
    let vals: Vec<f64> = points.chunks(step).map(|c| c[c.len() - 1].1).collect();
    let (lo, hi) = vals
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    vals.iter()
        .map(|v| {
            let k = if hi > lo {
                ((v - lo) / (hi - lo) * 7.0).round()
            } else {
                3.0
            };
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            LEVELS[(k as usize).min(7)]
        })
        .collect()
}

fn row(name: &str, r: &SymbolReport) -> String {
    let m = &r.metrics;
    format!(
        "{name:<10} {:>6} {:>9} {:>8} {:>7} {:>8} {:>6} {:>6} {:>9}  {}\n",
        m.bars,
        pct(m.total_return),
        pct(m.cagr),
        num(m.sharpe),
        pct(-m.max_drawdown),
        pct(m.win_rate),
        m.trades,
        pct(r.buy_and_hold.total_return),
        sparkline(&r.equity, 24),
    )
}

fn render(r: &Report, calibration: Option<&CalibrationReport>) -> String {
    let params: Vec<String> = r.params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let c = &r.config;
    let mut s = format!(
        "{} ({}) · fill {} · fees {} bps · slippage {} bps · model {}\n\n",
        r.strategy,
        params.join(", "),
        c.fill.as_str(),
        c.commission_bps,
        c.slippage_bps,
        &r.model_version[..12.min(r.model_version.len())],
    );
    let _ = writeln!(
        s,
        "{:<10} {:>6} {:>9} {:>8} {:>7} {:>8} {:>6} {:>6} {:>9}  equity",
        "symbol", "bars", "return", "CAGR", "Sharpe", "max DD", "win", "trades", "hold"
    );
    for (name, sym) in &r.symbols {
        s.push_str(&row(name, sym));
    }
    let m = &r.mean.strategy;
    let get = |k: &str| m.get(k).copied().unwrap_or(f64::NAN);
    let hold = r
        .mean
        .buy_and_hold
        .get("total_return")
        .copied()
        .unwrap_or(f64::NAN);
    if r.symbols.len() > 1 {
        let _ = writeln!(
            s,
            "{:<10} {:>6} {:>9} {:>8} {:>7} {:>8} {:>6} {:>6.1} {:>9}",
            "mean",
            "",
            pct(get("total_return")),
            pct(get("cagr")),
            num(get("sharpe")),
            pct(-get("max_drawdown")),
            pct(get("win_rate")),
            get("trades"),
            pct(hold),
        );
    }
    let _ = write!(
        s,
        "\nprobabilistic Sharpe {} · deflated Sharpe {} ({} variant{}) · Sortino {} · Calmar {}\n",
        num(get("probabilistic_sharpe")),
        num(get("deflated_sharpe")),
        c.variants,
        if c.variants == 1 { "" } else { "s" },
        num(get("sortino")),
        num(get("calmar")),
    );
    match calibration {
        Some(cal) => {
            let _ = writeln!(
                s,
                "signals graded {} · target hit {:.1}% · Brier {:.4} (base rate {:.4}, skill {:+.3})",
                cal.predictions,
                cal.base_rate * 100.0,
                cal.brier,
                cal.brier_base_rate,
                cal.brier_skill,
            );
            let _ = writeln!(s, "confidence  signals  hit rate");
            for b in cal.buckets.iter().filter(|b| b.count > 0) {
                let _ = writeln!(
                    s,
                    "{:>10} {:>8} {:>9}",
                    format!("{:.0}–{:.0}%", b.lower * 100.0, b.upper * 100.0),
                    b.count,
                    b.hit_rate
                        .map_or_else(|| "–".into(), |h| format!("{:.1}%", h * 100.0)),
                );
            }
        }
        None => s.push_str("no signal was graded: no calibration to show\n"),
    }
    s
}
