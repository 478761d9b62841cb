/**
 * Turns one plan from the server into the lines a visitor reads. Every number
 * comes from the server's answer; only the wording lives here.
 */
import { formatNumber } from "../../lib/format";
import type { PlanView } from "./api/plans";

export interface LimitLine {
  label: string;
  value: string;
}

/** "free" → "Free"; an id the page does not know is still shown. */
export function planName(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

const n = (value: number) => formatNumber(value, 0);
const plural = (value: number, one: string, many: string) =>
  `${n(value)} ${value === 1 ? one : many}`;

export function planLimits(p: PlanView): LimitLine[] {
  return [
    {
      label: "Signals",
      value:
        p.signal_delay_hours === 0
          ? "Real time"
          : `Delayed ${plural(p.signal_delay_hours, "hour", "hours")}`,
    },
    { label: "Watchlist", value: plural(p.watchlist_symbols, "symbol", "symbols") },
    { label: "Portfolios", value: n(p.portfolios) },
    {
      label: "API",
      value:
        p.api_keys === 0
          ? "No API keys"
          : `${plural(p.api_keys, "key", "keys")}, ${n(p.requests_per_minute)} requests/min`,
    },
    {
      label: "AI research notes",
      value: p.ai_notes_per_day === 0 ? "None" : `${n(p.ai_notes_per_day)} per day`,
    },
    {
      label: "Backtests",
      value:
        p.backtest_symbols === 0
          ? "Public results only"
          : `Your own, up to ${plural(p.backtest_symbols, "symbol", "symbols")}`,
    },
    {
      label: "WebSocket stream",
      value:
        p.websocket_connections === 0
          ? "No"
          : `${plural(p.websocket_connections, "connection", "connections")} at once`,
    },
    {
      label: "CSV export",
      value: p.csv_export ? "Signals, track record, portfolios" : "Your portfolios only",
    },
  ];
}
