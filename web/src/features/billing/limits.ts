/**
 * The limits of a plan, as rows. The numbers are the server's (`GET
 * /api/v1/plans`); only the wording is here. `usage` names the field of `GET
 * /api/v1/billing/usage` that counts the row, if any.
 */
import { formatNumber } from "../../lib/format";
import type { PlanView } from "./api/queries";

export type UsageSource =
  | "watchlist_symbols"
  | "portfolios"
  | "api_keys"
  | "ai_notes_today"
  | "ai_tokens_today"
  | "not-measured"
  | "none";

export interface LimitRow {
  label: string;
  value: (p: PlanView) => string;
  /** The number the usage is compared with, when the row has one. */
  cap?: (p: PlanView) => number;
  usage: UsageSource;
}

const n = (v: number) => formatNumber(v, 0);
const none = (v: number, text: string) => (v === 0 ? "None" : text);

export const LIMIT_ROWS: readonly LimitRow[] = [
  {
    label: "Signals",
    value: (p) => (p.signal_delay_hours === 0 ? "Real time" : `Delayed ${n(p.signal_delay_hours)} h`),
    usage: "none",
  },
  {
    label: "Watchlist symbols",
    value: (p) => n(p.watchlist_symbols),
    cap: (p) => p.watchlist_symbols,
    usage: "watchlist_symbols",
  },
  { label: "Portfolios", value: (p) => n(p.portfolios), cap: (p) => p.portfolios, usage: "portfolios" },
  { label: "API keys", value: (p) => none(p.api_keys, n(p.api_keys)), cap: (p) => p.api_keys, usage: "api_keys" },
  {
    label: "API rate",
    value: (p) => none(p.api_keys, `${n(p.requests_per_minute)} requests/min per key`),
    usage: "not-measured",
  },
  {
    label: "AI research notes",
    value: (p) => none(p.ai_notes_per_day, `${n(p.ai_notes_per_day)} per day`),
    cap: (p) => p.ai_notes_per_day,
    usage: "ai_notes_today",
  },
  {
    label: "AI tokens",
    value: (p) => none(p.ai_tokens_per_day, `${n(p.ai_tokens_per_day)} per day`),
    cap: (p) => p.ai_tokens_per_day,
    usage: "ai_tokens_today",
  },
  {
    label: "Backtests",
    value: (p) => (p.backtest_symbols === 0 ? "Public results only" : `Up to ${n(p.backtest_symbols)} symbols`),
    usage: "none",
  },
  {
    label: "WebSocket streams",
    value: (p) => none(p.websocket_connections, `${n(p.websocket_connections)} at once`),
    usage: "not-measured",
  },
  {
    label: "CSV export",
    value: (p) => (p.csv_export ? "Signals, track record, portfolios" : "Your portfolios only"),
    usage: "none",
  },
];

/** "free" → "Free". */
export function planName(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}
