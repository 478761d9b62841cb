/**
 * Technical indicators over a series of closes, computed in the browser.
 * Each returns an array aligned with its input: `undefined` where the
 * indicator is still warming up (not enough bars yet), a number after.
 * Conventions follow the usual charting packages (TradingView, StockCharts):
 * EMA seeded with the SMA of its first period, Wilder's smoothing for RSI,
 * population standard deviation for Bollinger bands.
 */

export type Series = (number | undefined)[];

export function sma(values: readonly number[], period: number): Series {
  const out: Series = new Array(values.length).fill(undefined);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    if (i >= period) sum -= values[i - period]!;
    if (i >= period - 1) out[i] = sum / period;
  }
  return out;
}

export function ema(values: readonly number[], period: number): Series {
  const out: Series = new Array(values.length).fill(undefined);
  if (values.length < period) return out;
  const k = 2 / (period + 1);
  let prev = 0;
  for (let i = 0; i < period; i++) prev += values[i]!;
  prev /= period;
  out[period - 1] = prev;
  for (let i = period; i < values.length; i++) {
    prev = values[i]! * k + prev * (1 - k);
    out[i] = prev;
  }
  return out;
}

export interface Bands {
  upper: Series;
  middle: Series;
  lower: Series;
}

export function bollinger(values: readonly number[], period = 20, width = 2): Bands {
  const middle = sma(values, period);
  const upper: Series = new Array(values.length).fill(undefined);
  const lower: Series = new Array(values.length).fill(undefined);
  for (let i = period - 1; i < values.length; i++) {
    const mean = middle[i]!;
    let sq = 0;
    for (let j = i - period + 1; j <= i; j++) sq += (values[j]! - mean) ** 2;
    const sd = Math.sqrt(sq / period);
    upper[i] = mean + width * sd;
    lower[i] = mean - width * sd;
  }
  return { upper, middle, lower };
}

/** Wilder's RSI: the first averages are plain means of `period` changes, then smoothed. */
export function rsi(values: readonly number[], period = 14): Series {
  const out: Series = new Array(values.length).fill(undefined);
  if (values.length <= period) return out;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const d = values[i]! - values[i - 1]!;
    if (d > 0) gain += d;
    else loss -= d;
  }
  gain /= period;
  loss /= period;
  const value = () => (loss === 0 ? (gain === 0 ? 50 : 100) : 100 - 100 / (1 + gain / loss));
  out[period] = value();
  for (let i = period + 1; i < values.length; i++) {
    const d = values[i]! - values[i - 1]!;
    gain = (gain * (period - 1) + Math.max(d, 0)) / period;
    loss = (loss * (period - 1) + Math.max(-d, 0)) / period;
    out[i] = value();
  }
  return out;
}

export interface Macd {
  macd: Series;
  signal: Series;
  histogram: Series;
}

export function macd(values: readonly number[], fast = 12, slow = 26, signalPeriod = 9): Macd {
  const f = ema(values, fast);
  const s = ema(values, slow);
  const line: Series = values.map((_, i) =>
    f[i] === undefined || s[i] === undefined ? undefined : f[i]! - s[i]!,
  );
  // The signal line is an EMA of the MACD line where it is defined.
  const start = line.findIndex((v) => v !== undefined);
  const signal: Series = new Array(values.length).fill(undefined);
  if (start >= 0) {
    const sig = ema(line.slice(start) as number[], signalPeriod);
    sig.forEach((v, i) => (signal[start + i] = v));
  }
  const histogram: Series = line.map((m, i) =>
    m === undefined || signal[i] === undefined ? undefined : m - signal[i]!,
  );
  return { macd: line, signal, histogram };
}

/** Pairs an aligned series with its bar times, leaving out the warm-up. */
export function withTimes(times: readonly number[], values: Series): { time: number; value: number }[] {
  const out: { time: number; value: number }[] = [];
  for (let i = 0; i < times.length; i++) {
    const v = values[i];
    if (v !== undefined && Number.isFinite(v)) out.push({ time: times[i]!, value: v });
  }
  return out;
}
