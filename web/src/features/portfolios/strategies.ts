import type { StrategyName } from "./api/portfolios";

/**
 * The strategies a paper portfolio can follow, from the schema's `StrategyName` enum (no
 * endpoint lists them). A `Record` over the enum makes the compiler flag a strategy added on
 * the server and missing here once the schema is regenerated.
 */
export const STRATEGY_LABELS: Record<StrategyName, string> = {
  sma_cross: "SMA cross",
  rsi_reversion: "RSI reversion",
  macd_trend: "MACD trend",
  bollinger_breakout: "Bollinger breakout",
  donchian_breakout: "Donchian breakout",
  ml: "Machine-learning model",
  ensemble: "Ensemble",
};

export const STRATEGIES = Object.keys(STRATEGY_LABELS) as StrategyName[];

export function strategyLabel(name: string): string {
  return (STRATEGY_LABELS as Record<string, string>)[name] ?? name;
}
