/**
 * The feed's filters live in the URL (`?symbol=AAPL&status=open…`), so a filtered
 * view can be bookmarked and shared. This module converts between the search
 * params, the API's query parameters, and a predicate for signals that arrive live.
 */
import type { Schemas } from "../../lib/api/client";

export type Signal = Schemas["SignalOut"];

export const STRATEGIES = [
  "sma_cross",
  "rsi_reversion",
  "macd_trend",
  "bollinger_breakout",
  "donchian_breakout",
  "ml",
  "ensemble",
] as const;

export const STATUSES = ["open", "target_hit", "stop_hit", "expired"] as const;
export type Status = (typeof STATUSES)[number];

export interface SignalFilters {
  symbol?: string;
  strategy?: string;
  /** In [0, 1]. */
  minConfidence?: number;
  status?: Status;
  watchlist?: boolean;
}

const TICKER = /^[A-Za-z0-9.^=_-]{1,16}$/;

/** Reads the filters from the URL, dropping anything the API would refuse. */
export function filtersFromParams(params: URLSearchParams): SignalFilters {
  const f: SignalFilters = {};
  const symbol = params.get("symbol")?.trim();
  if (symbol && TICKER.test(symbol)) f.symbol = symbol.toUpperCase();
  const strategy = params.get("strategy");
  if (strategy && (STRATEGIES as readonly string[]).includes(strategy)) f.strategy = strategy;
  const min = Number(params.get("min_confidence"));
  if (params.has("min_confidence") && Number.isFinite(min) && min > 0 && min <= 1) {
    f.minConfidence = min;
  }
  const status = params.get("status");
  if (status && (STATUSES as readonly string[]).includes(status)) f.status = status as Status;
  if (params.get("watchlist") === "true") f.watchlist = true;
  return f;
}

/** Writes the filters back, keeping unrelated params. Empty values are removed. */
export function paramsFromFilters(f: SignalFilters, base = new URLSearchParams()): URLSearchParams {
  const p = new URLSearchParams(base);
  const set = (k: string, v: string | undefined) => (v ? p.set(k, v) : p.delete(k));
  set("symbol", f.symbol);
  set("strategy", f.strategy);
  set("min_confidence", f.minConfidence ? String(f.minConfidence) : undefined);
  set("status", f.status);
  set("watchlist", f.watchlist ? "true" : undefined);
  return p;
}

/** The query parameters of `GET /api/v1/signals` for these filters. */
export function apiQuery(f: SignalFilters) {
  return {
    symbol: f.symbol,
    strategy: f.strategy,
    min_confidence: f.minConfidence,
    status: f.status,
    watchlist: f.watchlist || undefined,
  };
}

export function statusOf(s: Signal): Status | "sealed" {
  if (s.sealed) return "sealed";
  return (s.outcome?.status as Status | undefined) ?? "open";
}

/**
 * Whether a signal that arrived live belongs in a list with these filters.
 * Mirrors the server: a sealed signal never matches a filter on its content
 * (a delayed plan's filters see only what was released to it).
 */
export function matches(s: Signal, f: SignalFilters, watchlist: readonly string[] | undefined): boolean {
  const narrows = f.symbol || f.strategy || f.minConfidence || f.status || f.watchlist;
  if (s.sealed) return !narrows;
  if (f.symbol && s.symbol !== f.symbol) return false;
  if (f.strategy && s.strategy !== f.strategy) return false;
  if (f.minConfidence && (s.confidence ?? 0) < f.minConfidence) return false;
  if (f.status && statusOf(s) !== f.status) return false;
  if (f.watchlist && !(watchlist && s.symbol && watchlist.includes(s.symbol))) return false;
  return true;
}

export function hasFilters(f: SignalFilters): boolean {
  return Object.keys(f).length > 0;
}
