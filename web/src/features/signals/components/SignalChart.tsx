/**
 * The price around a signal: daily candles from a few months before it to a
 * month after its outcome, with entry, stop and target drawn as levels and
 * markers where it was issued and where it ended.
 */
import { useMemo } from "react";
import { Skeleton } from "../../../components/QueryState";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { TimeChart, type Candle, type LevelSpec, type MarkerSpec } from "../../../components/charts/TimeChart";
import { formatBarDate } from "../../../lib/format";
import { useBars } from "../api/queries";
import type { Signal } from "../filters";

const DAY = 86_400;
const HEIGHT = 380;

export const toSeconds = (iso: string | null | undefined) =>
  iso ? Math.floor(new Date(iso).getTime() / 1000) : undefined;

/** The bars to request: 90 days before the signal to 30 after its end (or its horizon). */
export function chartWindow(s: Signal, now = Date.now() / 1000): { from: number; to: number } {
  const bar = toSeconds(s.bar_time) ?? toSeconds(s.issued_at) ?? now;
  const exit = toSeconds(s.outcome?.exit_time);
  // Trading days are ~5/7 of calendar days.
  const end = exit ?? bar + Math.ceil(((s.horizon_bars ?? 20) * 7) / 5) * DAY;
  const day = (t: number) => Math.floor(t / DAY) * DAY;
  return { from: day(bar - 90 * DAY), to: day(Math.min(end + 30 * DAY, now + DAY)) };
}

/** The latest bar at or before `t`: markers sit on bars, not between them. */
export function barAtOrBefore(candles: Candle[], t: number): number | undefined {
  let found: number | undefined;
  for (const c of candles) {
    if (c.time <= t) found = c.time;
    else break;
  }
  return found;
}

export function signalMarkers(s: Signal, candles: Candle[]): MarkerSpec[] {
  const markers: MarkerSpec[] = [];
  const long = s.side === "long";
  const issued = toSeconds(s.bar_time);
  const at = issued !== undefined ? barAtOrBefore(candles, issued) : undefined;
  if (at !== undefined) {
    markers.push({
      time: at,
      position: long ? "belowBar" : "aboveBar",
      shape: long ? "arrowUp" : "arrowDown",
      color: long ? "up" : "down",
      text: long ? "Long" : "Short",
    });
  }
  const exit = toSeconds(s.outcome?.exit_time);
  const exitAt = exit !== undefined ? barAtOrBefore(candles, exit) : undefined;
  if (exitAt !== undefined && s.outcome) {
    const hit = s.outcome.status === "target_hit";
    markers.push({
      time: exitAt,
      position: long === hit ? "aboveBar" : "belowBar",
      shape: "circle",
      color: hit ? "up" : s.outcome.status === "stop_hit" ? "down" : "muted",
      text: hit ? "Target" : s.outcome.status === "stop_hit" ? "Stop" : "Expired",
    });
  }
  return markers;
}

export function SignalChart({ signal }: { signal: Signal }) {
  const { from, to } = useMemo(() => chartWindow(signal), [signal]);
  const bars = useBars(signal.symbol ?? undefined, from, to);
  const candles = useMemo<Candle[]>(
    () =>
      bars.data?.bars.map((b) => ({
        time: b.time,
        open: b.open,
        high: b.high,
        low: b.low,
        close: b.close,
        volume: b.volume,
      })) ?? [],
    [bars.data],
  );
  const markers = useMemo(() => signalMarkers(signal, candles), [signal, candles]);
  const levels = useMemo<LevelSpec[]>(() => {
    const l: LevelSpec[] = [];
    if (signal.entry != null) l.push({ price: signal.entry, title: "Entry", color: "accent" });
    if (signal.stop != null) l.push({ price: signal.stop, title: "Stop", color: "down" });
    if (signal.target != null) l.push({ price: signal.target, title: "Target", color: "up" });
    return l;
  }, [signal.entry, signal.stop, signal.target]);

  if (bars.isPending) return <Skeleton height={HEIGHT + 30} />;
  if (bars.error) return <ErrorMessage error={bars.error} onRetry={() => bars.refetch()} />;
  if (candles.length === 0) {
    return <div className="empty-state">No price data is stored around this signal.</div>;
  }
  const first = candles[0]!.time;
  const last = candles[candles.length - 1]!.time;
  return (
    <TimeChart
      label={`Price chart of ${signal.symbol}, daily, ${formatBarDate(first)} to ${formatBarDate(last)}, with the signal's entry, stop and target`}
      candles={candles}
      volume
      markers={markers}
      levels={levels}
      height={HEIGHT}
    />
  );
}
