/**
 * The symbol's chart: candles and volume, the chosen overlays and oscillator
 * panes, and its signals as markers. Every input to TimeChart is memoised on
 * the bars and the toggles, so a re-render of the page does not re-feed the
 * chart or reset the reader's zoom; toggling an indicator rebuilds it once.
 */
import { useCallback, useMemo, useState } from "react";
import {
  TimeChart,
  type Candle,
  type MarkerSpec,
  type SeriesSpec,
} from "../../../components/charts/TimeChart";
import type { Schemas } from "../../../lib/api/client";
import { formatBarDate, formatNumber, formatPercent, formatPrice } from "../../../lib/format";
import { bollinger, ema, macd, rsi, sma, withTimes } from "../indicators";
import type { Indicator } from "../overlays";
import styles from "./symbol.module.css";

export const MAIN_HEIGHT = 420;
export const PANE_HEIGHT = 130;

export interface PriceChartProps {
  symbol: string;
  bars: Schemas["BarOut"][];
  indicators: ReadonlySet<Indicator>;
  signals: Schemas["SignalOut"][];
}

/** Markers for the signals whose bar is on the chart. */
export function signalMarkers(signals: Schemas["SignalOut"][], times: ReadonlySet<number>): MarkerSpec[] {
  const out: MarkerSpec[] = [];
  for (const s of signals) {
    if (s.sealed || !s.bar_time) continue;
    const t = Math.floor(new Date(s.bar_time).getTime() / 1000);
    if (!times.has(t)) continue;
    const long = s.side === "long";
    out.push({
      time: t,
      position: long ? "belowBar" : "aboveBar",
      shape: long ? "arrowUp" : "arrowDown",
      color: long ? "up" : "down",
      text: `${long ? "L" : "S"} ${Math.round((s.confidence ?? 0) * 100)}%`,
    });
  }
  return out;
}

/** The overlay and pane series for the chosen indicators. */
export function indicatorSeries(candles: Candle[], on: ReadonlySet<Indicator>): {
  series: SeriesSpec[];
  paneLevels: Record<number, number[]>;
} {
  const times = candles.map((c) => c.time);
  const closes = candles.map((c) => c.close);
  const series: SeriesSpec[] = [];
  const paneLevels: Record<number, number[]> = {};
  if (on.has("sma")) series.push({ id: "sma", label: "SMA 50", kind: "line", color: "series2", data: withTimes(times, sma(closes, 50)) });
  if (on.has("ema")) series.push({ id: "ema", label: "EMA 20", kind: "line", color: "series3", data: withTimes(times, ema(closes, 20)) });
  if (on.has("bb")) {
    const b = bollinger(closes, 20, 2);
    series.push(
      { id: "bb-up", label: "BB upper", kind: "line", color: "series1", dashed: true, data: withTimes(times, b.upper) },
      { id: "bb-mid", label: "BB 20", kind: "line", color: "muted", dashed: true, data: withTimes(times, b.middle) },
      { id: "bb-low", label: "BB lower", kind: "line", color: "series1", dashed: true, data: withTimes(times, b.lower) },
    );
  }
  let pane = 0;
  if (on.has("rsi")) {
    pane += 1;
    series.push({ id: "rsi", label: "RSI 14", kind: "line", color: "series3", pane, data: withTimes(times, rsi(closes, 14)) });
    paneLevels[pane] = [30, 70];
  }
  if (on.has("macd")) {
    pane += 1;
    const m = macd(closes);
    const hist = withTimes(times, m.histogram).map((p) => ({ ...p, color: p.value >= 0 ? "upSoft" : "downSoft" }));
    series.push(
      { id: "macd-hist", label: "Histogram", kind: "histogram", pane, data: hist },
      { id: "macd", label: "MACD 12/26", kind: "line", color: "series1", pane, data: withTimes(times, m.macd) },
      { id: "macd-signal", label: "Signal 9", kind: "line", color: "series2", pane, data: withTimes(times, m.signal) },
    );
    paneLevels[pane] = [0];
  }
  return { series, paneLevels };
}

export function PriceChart({ symbol, bars, indicators, signals }: PriceChartProps) {
  const candles = useMemo<Candle[]>(
    () => bars.map((b) => ({ time: b.time, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume })),
    [bars],
  );
  const { series, paneLevels } = useMemo(() => indicatorSeries(candles, indicators), [candles, indicators]);
  const markers = useMemo(
    () => signalMarkers(signals, new Set(candles.map((c) => c.time))),
    [signals, candles],
  );
  const index = useMemo(() => new Map(candles.map((c, i) => [c.time, i])), [candles]);
  const [hover, setHover] = useState<number | null>(null);
  const onCrosshairMove = useCallback((t: number | null) => setHover(t), []);

  const i = hover !== null ? (index.get(hover) ?? candles.length - 1) : candles.length - 1;
  const bar = candles[i];
  const prev = candles[i - 1];
  const first = candles[0];
  const panes = Object.keys(paneLevels).length;
  const label = `Price chart of ${symbol}, daily candles${first && bar ? ` from ${formatBarDate(first.time)} to ${formatBarDate(candles[candles.length - 1]!.time)}` : ""}${
    series.length ? `, with ${series.map((s) => s.label).join(", ")}` : ""
  }${markers.length ? `, and ${markers.length} signal markers` : ""}`;

  return (
    <div className={styles.chartWrap}>
      {bar && (
        <p className={styles.legend} aria-live="off">
          <span className={styles.legendDate}>{formatBarDate(bar.time)}</span>
          <span>O {formatPrice(bar.open)}</span>
          <span>H {formatPrice(bar.high)}</span>
          <span>L {formatPrice(bar.low)}</span>
          <span>C {formatPrice(bar.close)}</span>
          {prev && (
            <span className={bar.close >= prev.close ? "up" : "down"}>
              {formatPercent((bar.close - prev.close) / prev.close, 2, true)}
            </span>
          )}
          <span className="muted">Vol {formatNumber(bar.volume, 0)}</span>
        </p>
      )}
      <TimeChart
        label={label}
        candles={candles}
        volume
        series={series}
        markers={markers}
        paneLevels={paneLevels}
        height={MAIN_HEIGHT}
        paneHeight={PANE_HEIGHT}
        onCrosshairMove={onCrosshairMove}
      />
      {panes > 0 && <span className="visually-hidden">{panes} indicator panes below the price</span>}
    </div>
  );
}
