import type { StrategyName } from "./api";

/**
 * The strategies, from the schema's `StrategyName` enum (no endpoint lists them). A
 * `Record` over the enum makes the compiler flag a strategy added on the server and
 * missing here once the schema is regenerated.
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
