/**
 * Every time-series chart of the dashboard: candles with volume, line, area
 * and histogram series on the price pane or panes of their own, markers and
 * horizontal levels. It owns one `lightweight-charts` instance: created when
 * the chart's structure (which series, which panes) changes, fed new data on
 * every prop change, sized by the library's ResizeObserver (`autoSize`),
 * recoloured with the theme and removed on unmount. Pages never touch the
 * chart API.
 */
import { useEffect, useMemo, useRef } from "react";
import {
  AreaSeries,
  CandlestickSeries,
  ColorType,
  createChart,
  createSeriesMarkers,
  CrosshairMode,
  HistogramSeries,
  LineSeries,
  LineStyle,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type SeriesType,
  type Time,
  type UTCTimestamp,
} from "lightweight-charts";
import { useTheme } from "../../lib/theme";
import { ChartAttribution } from "./ChartAttribution";
import { chartPalette, type ChartPalette } from "./palette";

/** One bar; `time` in Unix seconds (UTC). */
export interface Candle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume?: number;
}

/** One point of a line, area or histogram; `time` in Unix seconds (UTC). */
export interface Point {
  time: number;
  value: number;
  /** Histogram bars only: this bar's colour (a palette name or a CSS colour). */
  color?: string;
}

export interface SeriesSpec {
  id: string;
  label: string;
  kind: "line" | "area" | "histogram";
  data: Point[];
  /** A palette name ("accent", "up", "down", "muted", "series1"…"series4") or a CSS colour. */
  color?: string;
  /** 0 = the main pane; 1, 2 … panes below it, in order. */
  pane?: number;
  dashed?: boolean;
}

export interface MarkerSpec {
  time: number;
  position: "aboveBar" | "belowBar" | "inBar";
  shape: "arrowUp" | "arrowDown" | "circle" | "square";
  color?: string;
  text?: string;
}

/** A horizontal line on the main pane: entry, stop, target, a threshold. */
export interface LevelSpec {
  price: number;
  title: string;
  color?: string;
}

export interface TimeChartProps {
  /** What the chart shows, for screen readers (the canvas itself is opaque to them). */
  label: string;
  candles?: Candle[];
  /** Volume histogram under the candles. */
  volume?: boolean;
  series?: SeriesSpec[];
  markers?: MarkerSpec[];
  levels?: LevelSpec[];
  /** Height of the main pane in pixels (each extra pane adds `paneHeight`). */
  height?: number;
  paneHeight?: number;
  /** Show the whole range after data changes (otherwise the user's zoom is kept). */
  fitContent?: boolean;
  /** Horizontal line values for the extra panes, e.g. RSI 30/70: pane → values. */
  paneLevels?: Record<number, number[]>;
  className?: string;
  /**
   * Told the time (Unix seconds) of the bar under the crosshair, or null when
   * it leaves the chart: for a legend of the hovered bar's values.
   */
  onCrosshairMove?: (time: number | null) => void;
}

function colour(name: string | undefined, palette: ChartPalette, fallback: string): string {
  if (!name) return fallback;
  return (palette as unknown as Record<string, string>)[name] ?? name;
}

const t = (seconds: number) => seconds as UTCTimestamp;
// Stable defaults: a new [] on every render would re-feed the data and reset the user's zoom.
const NO_SERIES: SeriesSpec[] = [];
const NO_MARKERS: MarkerSpec[] = [];
const NO_LEVELS: LevelSpec[] = [];

export function TimeChart({
  label,
  candles,
  volume = false,
  series = NO_SERIES,
  markers = NO_MARKERS,
  levels = NO_LEVELS,
  height = 360,
  paneHeight = 120,
  fitContent = true,
  paneLevels,
  className,
  onCrosshairMove,
}: TimeChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chartRef = useRef<IChartApi | null>(null);
  const seriesRef = useRef(new Map<string, ISeriesApi<SeriesType>>());
  const markersRef = useRef<ISeriesMarkersPluginApi<Time> | null>(null);
  const { theme } = useTheme();
  // Read through a ref so a new callback each render does not rebuild the chart.
  const crosshairRef = useRef(onCrosshairMove);
  crosshairRef.current = onCrosshairMove;

  const panes = useMemo(
    () => Math.max(0, ...series.map((s) => s.pane ?? 0)),
    [series],
  );
  // The chart is rebuilt only when this changes: which series exist, and where.
  const structure = [
    candles ? "c" : "",
    volume ? "v" : "",
    ...series.map((s) => `${s.id}:${s.kind}:${s.pane ?? 0}:${s.color ?? ""}:${s.dashed ? 1 : 0}`),
    JSON.stringify(paneLevels ?? {}),
    JSON.stringify(levels),
    theme,
  ].join("|");

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const palette = chartPalette();
    const chart = createChart(el, {
      autoSize: true,
      layout: {
        background: { type: ColorType.Solid, color: palette.background },
        textColor: palette.text,
        fontFamily: getComputedStyle(document.documentElement).fontFamily,
        // The notice with its link is the figure's caption (ChartAttribution): a link inside
        // the chart's role=img container would be an interactive element hidden from readers.
        attributionLogo: false,
        panes: { separatorColor: palette.grid },
      },
      grid: { vertLines: { color: palette.grid }, horzLines: { color: palette.grid } },
      rightPriceScale: { borderColor: palette.grid },
      timeScale: { borderColor: palette.grid, timeVisible: false },
      crosshair: { mode: CrosshairMode.Normal },
      localization: { locale: navigator.language },
    });
    chartRef.current = chart;
    chart.subscribeCrosshairMove((param) => {
      crosshairRef.current?.(typeof param.time === "number" ? param.time : null);
    });
    const made = seriesRef.current;
    made.clear();
    if (candles) {
      made.set(
        "__candles",
        chart.addSeries(CandlestickSeries, {
          upColor: palette.up,
          downColor: palette.down,
          borderVisible: false,
          wickUpColor: palette.up,
          wickDownColor: palette.down,
          title: "",
        }),
      );
      if (volume) {
        const v = chart.addSeries(HistogramSeries, {
          priceScaleId: "volume",
          priceFormat: { type: "volume" },
          lastValueVisible: false,
          priceLineVisible: false,
        });
        v.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
        made.set("__volume", v);
      }
      const candleSeries = made.get("__candles");
      if (candleSeries) {
        markersRef.current = createSeriesMarkers(candleSeries, []);
        for (const line of levels) {
          candleSeries.createPriceLine({
            price: line.price,
            title: line.title,
            color: colour(line.color, palette, palette.accent),
            lineWidth: 1,
            lineStyle: LineStyle.Dashed,
            axisLabelVisible: true,
          });
        }
      }
    }
    for (const s of series) {
      const c = colour(s.color, palette, palette.accent);
      const common = {
        title: s.label,
        lastValueVisible: true,
        priceLineVisible: false,
      };
      const pane = s.pane ?? 0;
      const api =
        s.kind === "histogram"
          ? chart.addSeries(HistogramSeries, { ...common, color: c }, pane)
          : s.kind === "area"
            ? chart.addSeries(
                AreaSeries,
                { ...common, lineColor: c, topColor: `${c}55`, bottomColor: `${c}05`, lineWidth: 2 },
                pane,
              )
            : chart.addSeries(
                LineSeries,
                {
                  ...common,
                  color: c,
                  lineWidth: 2,
                  lineStyle: s.dashed ? LineStyle.Dashed : LineStyle.Solid,
                },
                pane,
              );
      made.set(s.id, api);
    }
    for (const [pane, values] of Object.entries(paneLevels ?? {})) {
      const first = series.find((s) => (s.pane ?? 0) === Number(pane));
      const api = first && made.get(first.id);
      for (const v of values) {
        api?.createPriceLine({
          price: v,
          color: palette.muted,
          lineStyle: LineStyle.Dotted,
          lineWidth: 1,
          axisLabelVisible: true,
          title: "",
        });
      }
    }
    // Stretch factors, not pixel heights: setHeight before the first resize
    // (autoSize measures asynchronously) squeezes the lower panes to a sliver.
    const paneList = chart.panes();
    paneList[0]?.setStretchFactor(height);
    for (let i = 1; i < paneList.length; i++) paneList[i]?.setStretchFactor(paneHeight);
    return () => {
      chart.remove();
      chartRef.current = null;
      markersRef.current = null;
      made.clear();
    };
    // Rebuilt when the structure changes; data is fed by the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [structure, height, paneHeight]);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    const palette = chartPalette();
    const made = seriesRef.current;
    const candleSeries = made.get("__candles");
    if (candleSeries && candles) {
      candleSeries.setData(
        candles.map((b) => ({ time: t(b.time), open: b.open, high: b.high, low: b.low, close: b.close })),
      );
      const vol = made.get("__volume");
      vol?.setData(
        candles.map((b) => ({
          time: t(b.time),
          value: b.volume ?? 0,
          color: b.close >= b.open ? palette.upSoft : palette.downSoft,
        })),
      );
      const sorted: SeriesMarker<Time>[] = [...markers]
        .sort((a, b) => a.time - b.time)
        .map((m) => ({
          time: t(m.time),
          position: m.position,
          shape: m.shape,
          color: colour(m.color, palette, palette.accent),
          text: m.text ?? "",
        }));
      markersRef.current?.setMarkers(sorted);
    }
    for (const s of series) {
      made.get(s.id)?.setData(
        s.data.map((p) =>
          p.color
            ? { time: t(p.time), value: p.value, color: colour(p.color, palette, p.color) }
            : { time: t(p.time), value: p.value },
        ),
      );
    }
    if (fitContent) chart.timeScale().fitContent();
  }, [structure, candles, series, markers, fitContent]);

  const total = height + panes * paneHeight;
  return (
    <figure className={`chart ${className ?? ""}`}>
      <div
        ref={container}
        className="chart-canvas"
        role="img"
        aria-label={label}
        style={{ height: total }}
      />
      <ChartAttribution />
    </figure>
  );
}
