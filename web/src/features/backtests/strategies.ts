import type { Schemas } from "../../lib/api/client";

export type StrategyName = Schemas["StrategyName"];

export interface ParamSpec {
  name: string;
  default: number;
  min: number;
  max: number;
  integer: boolean;
  doc: string;
}

const SHORT: ParamSpec = { name: "short", default: 0, min: 0, max: 1, integer: true, doc: "1 = also take short positions" };
const int = (name: string, d: number, min: number, max: number, doc: string): ParamSpec => ({ name, default: d, min, max, integer: true, doc });
const real = (name: string, d: number, min: number, max: number, doc: string): ParamSpec => ({ name, default: d, min, max, integer: false, doc });

/**
 * The strategies (the schema's `StrategyName` enum: no endpoint lists them) and their
 * parameters. No endpoint publishes the parameters either, so these mirror the strategies'
 * `SPECS` in the server; the server checks every value again and names what it refuses. The
 * `Record` over the enum makes the compiler flag a strategy the schema adds.
 */
export const STRATEGIES: Record<StrategyName, { label: string; params: ParamSpec[] }> = {
  sma_cross: {
    label: "SMA cross",
    params: [int("fast", 10, 1, 10_000, "fast SMA period"), int("slow", 30, 2, 10_000, "slow SMA period"), SHORT],
  },
  rsi_reversion: {
    label: "RSI reversion",
    params: [
      int("period", 14, 2, 1_000, "RSI period"),
      real("lower", 30, 0, 100, "oversold level: go long below it"),
      real("upper", 70, 0, 100, "overbought level: go short above it"),
      real("exit", 50, 0, 100, "level at which a position is closed"),
      SHORT,
    ],
  },
  macd_trend: {
    label: "MACD trend",
    params: [
      int("fast", 12, 2, 1_000, "fast EMA period"),
      int("slow", 26, 2, 1_000, "slow EMA period"),
      int("signal", 9, 1, 1_000, "signal EMA period"),
      SHORT,
    ],
  },
  bollinger_breakout: {
    label: "Bollinger breakout",
    params: [int("period", 20, 2, 1_000, "band period"), real("k", 2, 0.1, 10, "band width in standard deviations"), SHORT],
  },
  donchian_breakout: {
    label: "Donchian breakout",
    params: [int("entry", 20, 1, 1_000, "breakout channel period"), int("exit", 10, 1, 1_000, "exit channel period"), SHORT],
  },
  ml: {
    label: "Machine-learning model",
    params: [
      real("edge", 0.05, 0, 1, "probability above the training hit rate needed to trade"),
      int("refit", 63, 5, 1_000, "bars between refits (the walk-forward test fold)"),
      int("short", 0, 0, 1, "1 = also fit a short-side model and take short positions"),
    ],
  },
  ensemble: {
    label: "Ensemble",
    params: [real("threshold", 0.4, 0.01, 1, "net share of members that must agree on a side")],
  },
};

export const STRATEGY_NAMES = Object.keys(STRATEGIES) as StrategyName[];

export function strategyLabel(name: string): string {
  return (STRATEGIES as Record<string, { label: string } | undefined>)[name]?.label ?? name;
}
