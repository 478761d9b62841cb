/**
 * Query keys of the signals feature. `["watchlist"]` and `["public", "plans"]` are
 * the keys the watchlist and plan views use for the same resources, so a change
 * made on one page is seen on the others without a second request.
 */
import type { SignalFilters } from "../filters";

export const signalKeys = {
  all: ["signals"] as const,
  lists: () => [...signalKeys.all, "list"] as const,
  list: (filters: SignalFilters) => [...signalKeys.lists(), filters] as const,
  detail: (id: string) => [...signalKeys.all, "detail", id] as const,
  explanation: (id: string) => [...signalKeys.all, "explanation", id] as const,
  research: (id: string) => [...signalKeys.all, "research", id] as const,
  bars: (symbol: string, from: number, to: number) =>
    [...signalKeys.all, "bars", symbol, from, to] as const,
};

export const watchlistKey = ["watchlist"] as const;
export const plansKey = ["public", "plans"] as const;
