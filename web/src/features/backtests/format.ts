import { formatNumber, formatPercent } from "../../lib/format";
import type { MetricName } from "./report";

/** How each figure reads: fractions as percentages, ratios and counts as numbers. */
const KIND: Record<MetricName, "pct" | "ratio" | "count" | "amount"> = {
  total_return: "pct",
  cagr: "pct",
  volatility: "pct",
  sharpe: "ratio",
  sortino: "ratio",
  calmar: "ratio",
  max_drawdown: "pct",
  win_rate: "pct",
  profit_factor: "ratio",
  expectancy: "pct",
  exposure: "pct",
  trades: "count",
  avg_hold_bars: "ratio",
  probabilistic_sharpe: "pct",
  deflated_sharpe: "pct",
  bars: "count",
  final_equity: "amount",
};

export const METRIC_LABELS: Record<MetricName, string> = {
  total_return: "Total return",
  cagr: "CAGR",
  volatility: "Volatility",
  sharpe: "Sharpe",
  sortino: "Sortino",
  calmar: "Calmar",
  max_drawdown: "Max drawdown",
  win_rate: "Win rate",
  profit_factor: "Profit factor",
  expectancy: "Expectancy per trade",
  exposure: "Exposure",
  trades: "Trades",
  avg_hold_bars: "Average hold (bars)",
  probabilistic_sharpe: "Probabilistic Sharpe",
  deflated_sharpe: "Deflated Sharpe",
  bars: "Bars",
  final_equity: "Final equity",
};

/** Undefined figures (a Sharpe without variance, a win rate without trades) read "—". */
export function formatMetric(name: MetricName, value: number | null): string {
  switch (KIND[name]) {
    case "pct":
      return formatPercent(value, name === "probabilistic_sharpe" || name === "deflated_sharpe" ? 1 : 2);
    case "ratio":
      return formatNumber(value, 2);
    case "count":
      return formatNumber(value, 0);
    case "amount":
      return formatNumber(value, 0);
  }
}

/** `up`/`down` for figures where the sign is the news. */
export function metricTone(name: MetricName, value: number | null): string {
  if (value === null || value === 0) return "";
  if (name === "total_return" || name === "cagr" || name === "expectancy") return value > 0 ? "up" : "down";
  return "";
}
