//! Property: feeding a series one value at a time gives the batch result.
//!
//! Batch NaN must be streaming `None` and every other value must agree. Most indicators share
//! their arithmetic between the two forms and agree to the bit; the batch EMA-like recurrences
//! advance four values per step, so equality is asserted to 1e-12 (relative, absolute below 1).

use harbinger_signals::indicators::{self as ind, Candle};
use proptest::prelude::*;

const TOLERANCE: f64 = 1e-12;

/// Random OHLCV bars: a multiplicative random walk with flat stretches (to reach the zero
/// guards) and bars without volume.
fn candles() -> impl Strategy<Value = Vec<Candle>> {
    let step = (
        prop_oneof![1 => Just(0.0), 4 => -0.05f64..0.05],
        0.0f64..0.03,
        0.0f64..0.03,
        -0.01f64..0.01,
        prop_oneof![1 => Just(0.0), 4 => 1.0f64..1e6],
    );
    (1.0f64..500.0, prop::collection::vec(step, 0..300)).prop_map(|(start, steps)| {
        let mut close = start;
        steps
            .into_iter()
            .map(|(ret, up, down, gap, volume)| {
                let open = close * (1.0 + gap);
                close *= 1.0 + ret;
                let high = open.max(close) * (1.0 + up);
                let low = open.min(close) * (1.0 - down);
                Candle::new(open, high, low, close, volume)
            })
            .collect()
    })
}

struct Columns {
    high: Vec<f64>,
    low: Vec<f64>,
    close: Vec<f64>,
    volume: Vec<f64>,
}

fn columns(bars: &[Candle]) -> Columns {
    Columns {
        high: bars.iter().map(|b| b.high).collect(),
        low: bars.iter().map(|b| b.low).collect(),
        close: bars.iter().map(|b| b.close).collect(),
        volume: bars.iter().map(|b| b.volume).collect(),
    }
}

fn check(name: &str, batch: &[f64], stream: &[Option<f64>]) -> Result<(), TestCaseError> {
    prop_assert_eq!(batch.len(), stream.len());
    for (i, (&b, s)) in batch.iter().zip(stream).enumerate() {
        match s {
            None => prop_assert!(b.is_nan(), "{}[{}]: batch {} but stream None", name, i, b),
            Some(s) => {
                let err = (b - s).abs() / b.abs().max(1.0);
                prop_assert!(
                    err <= TOLERANCE,
                    "{}[{}]: batch {} stream {}",
                    name,
                    i,
                    b,
                    s
                );
            }
        }
    }
    Ok(())
}

fn feed<T>(bars: &[Candle], mut f: impl FnMut(Candle) -> Option<T>) -> Vec<Option<T>> {
    bars.iter().map(|&b| f(b)).collect()
}

fn pick<T: Copy>(xs: &[Option<T>], f: impl Fn(T) -> f64) -> Vec<Option<f64>> {
    xs.iter().map(|x| x.map(&f)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn single_input_indicators(bars in candles(), period in 2usize..30) {
        let c = columns(&bars).close;
        let mut sma = ind::Sma::new(period).unwrap();
        check("SMA", &ind::sma(&c, period).unwrap(), &feed(&bars, |b| sma.update(b.close)))?;
        let mut ema = ind::Ema::new(period).unwrap();
        check("EMA", &ind::ema(&c, period).unwrap(), &feed(&bars, |b| ema.update(b.close)))?;
        let mut wma = ind::Wma::new(period).unwrap();
        check("WMA", &ind::wma(&c, period).unwrap(), &feed(&bars, |b| wma.update(b.close)))?;
        let mut rsi = ind::Rsi::new(period).unwrap();
        check("RSI", &ind::rsi(&c, period).unwrap(), &feed(&bars, |b| rsi.update(b.close)))?;
        let mut roc = ind::Roc::new(period).unwrap();
        check("ROC", &ind::roc(&c, period).unwrap(), &feed(&bars, |b| roc.update(b.close)))?;
        let mut z = ind::ZScore::new(period).unwrap();
        check("ZSCORE", &ind::zscore(&c, period).unwrap(), &feed(&bars, |b| z.update(b.close)))?;
    }

    #[test]
    fn macd_and_bollinger(bars in candles(), fast in 2usize..15, extra in 1usize..20, signal in 1usize..12) {
        let c = columns(&bars).close;
        let slow = fast + extra;
        let batch = ind::macd(&c, fast, slow, signal).unwrap();
        let mut m = ind::Macd::new(fast, slow, signal).unwrap();
        let stream = feed(&bars, |b| m.update(b.close));
        check("MACD", &batch.macd, &pick(&stream, |o| o.macd))?;
        check("MACD signal", &batch.signal, &pick(&stream, |o| o.signal))?;
        check("MACD histogram", &batch.histogram, &pick(&stream, |o| o.histogram))?;

        let period = fast;
        let batch = ind::bollinger(&c, period, 2.0, 1.5).unwrap();
        let mut bb = ind::Bollinger::new(period, 2.0, 1.5).unwrap();
        let stream = feed(&bars, |b| bb.update(b.close));
        check("BB upper", &batch.upper, &pick(&stream, |o| o.upper))?;
        check("BB middle", &batch.middle, &pick(&stream, |o| o.middle))?;
        check("BB lower", &batch.lower, &pick(&stream, |o| o.lower))?;
    }

    #[test]
    fn bar_indicators(bars in candles(), period in 2usize..25, slow_k in 1usize..5, slow_d in 1usize..5) {
        let Columns { high: h, low: l, close: c, volume: v } = columns(&bars);
        let mut atr = ind::Atr::new(period).unwrap();
        check("ATR", &ind::atr(&h, &l, &c, period).unwrap(), &feed(&bars, |b| atr.update(b)))?;

        let mut dmi = ind::Dmi::new(period).unwrap();
        let stream = feed(&bars, |b| dmi.update(b));
        check("+DI", &ind::plus_di(&h, &l, &c, period).unwrap(), &pick(&stream, |o| o.plus_di))?;
        check("-DI", &ind::minus_di(&h, &l, &c, period).unwrap(), &pick(&stream, |o| o.minus_di))?;
        let adx: Vec<Option<f64>> = stream.iter().map(|o| o.and_then(|o| o.adx)).collect();
        check("ADX", &ind::adx(&h, &l, &c, period).unwrap(), &adx)?;

        let batch = ind::stochastic(&h, &l, &c, period, slow_k, slow_d).unwrap();
        let mut st = ind::Stochastic::new(period, slow_k, slow_d).unwrap();
        let stream = feed(&bars, |b| st.update(b));
        check("STOCH k", &batch.k, &pick(&stream, |o| o.k))?;
        check("STOCH d", &batch.d, &pick(&stream, |o| o.d))?;

        let batch = ind::donchian(&h, &l, period).unwrap();
        let mut dc = ind::Donchian::new(period).unwrap();
        let stream = feed(&bars, |b| dc.update(b));
        check("Donchian upper", &batch.upper, &pick(&stream, |o| o.upper))?;
        check("Donchian middle", &batch.middle, &pick(&stream, |o| o.middle))?;
        check("Donchian lower", &batch.lower, &pick(&stream, |o| o.lower))?;

        let mut obv = ind::Obv::new();
        check("OBV", &ind::obv(&c, &v).unwrap(), &feed(&bars, |b| Some(obv.update(b))))?;
        let mut vw = ind::Vwap::new();
        check("VWAP", &ind::vwap(&h, &l, &c, &v).unwrap(), &feed(&bars, |b| vw.update(b)))?;
        let mut rv = ind::RollingVwap::new(period).unwrap();
        check("rolling VWAP", &ind::rolling_vwap(&h, &l, &c, &v, period).unwrap(), &feed(&bars, |b| rv.update(b)))?;
    }
}

/// The batch recurrences step four values at a time; over a long series their rounding must
/// not drift away from the one-at-a-time form.
#[test]
fn long_series_do_not_drift() {
    let n = 200_000;
    let mut x = 100.0_f64;
    let bars: Vec<Candle> = (0..n)
        .map(|i| {
            // Deterministic, irregular walk.
            let t = f64::from(i);
            x *= 1.0 + 0.01 * (t * 0.618).sin() * (t * 0.0137).cos();
            Candle::new(x, x * 1.004, x * 0.995, x, 1000.0)
        })
        .collect();
    let Columns {
        high: h,
        low: l,
        close: c,
        ..
    } = columns(&bars);
    let mut ema = ind::Ema::new(20).unwrap();
    let mut rsi = ind::Rsi::new(14).unwrap();
    let mut atr = ind::Atr::new(14).unwrap();
    let mut macd = ind::Macd::new(12, 26, 9).unwrap();
    let mut bb = ind::Bollinger::new(20, 2.0, 2.0).unwrap();
    let ema_s = feed(&bars, |b| ema.update(b.close));
    let rsi_s = feed(&bars, |b| rsi.update(b.close));
    let atr_s = feed(&bars, |b| atr.update(b));
    let macd_s = feed(&bars, |b| macd.update(b.close));
    let bb_s = feed(&bars, |b| bb.update(b.close));
    let run = || -> Result<(), TestCaseError> {
        check("EMA", &ind::ema(&c, 20).unwrap(), &ema_s)?;
        check("RSI", &ind::rsi(&c, 14).unwrap(), &rsi_s)?;
        check("ATR", &ind::atr(&h, &l, &c, 14).unwrap(), &atr_s)?;
        check(
            "MACD signal",
            &ind::macd(&c, 12, 26, 9).unwrap().signal,
            &pick(&macd_s, |o| o.signal),
        )?;
        check(
            "BB lower",
            &ind::bollinger(&c, 20, 2.0, 2.0).unwrap().lower,
            &pick(&bb_s, |o| o.lower),
        )
    };
    run().unwrap();
}
