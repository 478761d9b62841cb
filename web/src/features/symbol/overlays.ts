/** The chart's indicators, kept in the URL (`?ind=sma,rsi`) like every other view setting. */
export const INDICATORS = [
  { id: "sma", label: "SMA 50" },
  { id: "ema", label: "EMA 20" },
  { id: "bb", label: "Bollinger 20, 2" },
  { id: "rsi", label: "RSI 14" },
  { id: "macd", label: "MACD 12, 26, 9" },
] as const;
export type Indicator = (typeof INDICATORS)[number]["id"];
export const DEFAULT_INDICATORS: Indicator[] = ["sma"];

export function parseIndicators(raw: string | null): Set<Indicator> {
  if (raw === null) return new Set(DEFAULT_INDICATORS);
  const known = new Set<string>(INDICATORS.map((i) => i.id));
  return new Set(raw.split(",").filter((x): x is Indicator => known.has(x)));
}

export function formatIndicators(on: ReadonlySet<Indicator>): string {
  return INDICATORS.map((i) => i.id).filter((id) => on.has(id)).join(",");
}
