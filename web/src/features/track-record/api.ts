/**
 * The public track record over the typed client. The OpenAPI document leaves the
 * figures as bare objects, so their shapes are written out here (from
 * harbinger-model's `TrackStats` and `CalibrationReport`, and the backtest job's report).
 */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../lib/api/client";

export type StrategyName = Schemas["StrategyName"];

export interface Bucket {
  lower: number;
  upper: number;
  count: number;
  mean_probability: number | null;
  hit_rate: number | null;
}

export interface Calibration {
  predictions: number;
  positives: number;
  base_rate: number;
  brier: number;
  brier_base_rate: number;
  brier_skill: number;
  log_loss: number;
  buckets: Bucket[];
}

export interface TrackStats {
  signals: number;
  graded: number;
  wins: number;
  win_rate: number | null;
  target_hits: number;
  average_return: number | null;
  median_return: number | null;
  sharpe: number | null;
  max_drawdown: number | null;
  total_return: number | null;
  calibration: Calibration | null;
  /** Exit time (Unix seconds) and cumulative return of one unit per signal. */
  equity: { time: number; equity: number }[];
}

export interface VersionRecord {
  model_version: string;
  live_since: string;
  signals: number;
  graded: number;
  win_rate?: number | null;
  average_return?: number | null;
}

export interface LiveSide {
  live_since: string;
  stats: TrackStats;
  versions: VersionRecord[];
}

export interface BacktestSide {
  computed_at: string;
  report: {
    first_signal_bar: number | null;
    last_signal_bar: number | null;
    model_versions: number;
    symbols: string[];
    stats: TrackStats;
  };
}

export interface StrategyRecord {
  strategy: string;
  live: LiveSide | null;
  backtest: BacktestSide | null;
}

export const trackKeys = {
  all: ["public", "track-record"] as const,
  strategy: (name: string) => [...trackKeys.all, name] as const,
};

export function useTrackRecord(strategy: StrategyName) {
  return useQuery({
    queryKey: trackKeys.strategy(strategy),
    queryFn: async () => {
      const body = await unwrap(api.GET("/api/v1/track-record", { params: { query: { strategy } } }));
      const found = body.strategies.find((s) => s.strategy === strategy);
      return {
        strategy,
        live: (found?.live ?? null) as unknown as LiveSide | null,
        backtest: (found?.backtest ?? null) as unknown as BacktestSide | null,
      } satisfies StrategyRecord;
    },
    // Keep the last strategy on screen while the next loads: no jump.
    placeholderData: (previous) => previous,
  });
}

/** The CSV as a file; refusals (plan, sign-in) throw the server's problem. */
export async function fetchTrackCsv(strategy: StrategyName): Promise<Blob> {
  const { data } = await api.GET("/api/v1/export/track-record.csv", {
    params: { query: { strategy } },
    parseAs: "blob",
  });
  return data as unknown as Blob;
}
