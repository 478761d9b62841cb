/**
 * The symbol feature's server state. `["watchlist"]` is the watchlist page's
 * key too: toggling a symbol here is seen there (and by the signals filter).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api/client";

export type Bars = Schemas["BarsOut"];
export type Watchlist = Schemas["Watchlist"];

export const symbolKeys = {
  all: ["symbol"] as const,
  bars: (symbol: string, from: number | null) => [...symbolKeys.all, "bars", symbol, from] as const,
  search: (q: string) => [...symbolKeys.all, "search", q] as const,
  signals: (symbol: string) => [...symbolKeys.all, "signals", symbol] as const,
};
export const watchlistKey = ["watchlist"] as const;

/** Daily bars from `from` (Unix seconds; null: all there is, up to 5,000 bars). */
export function useDailyBars(symbol: string, from: number | null, enabled = true) {
  return useQuery({
    queryKey: symbolKeys.bars(symbol, from),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/market/{symbol}/bars", {
          params: {
            path: { symbol },
            query: { interval: "1d", ...(from === null ? {} : { from: String(from) }) },
          },
        }),
      ),
    enabled,
    staleTime: 60_000,
    // Keep the previous range on screen while the next one loads: no blank chart.
    placeholderData: keepPreviousData,
  });
}

export function useSymbolSearch(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: symbolKeys.search(query),
    queryFn: () =>
      unwrap(api.GET("/api/v1/symbols", { params: { query: { q: query, limit: 20 } } })),
    enabled: query.length > 0,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });
}

/** The instrument's name and details: the search's exact match. */
export function useInstrument(symbol: string) {
  const search = useSymbolSearch(symbol);
  return search.data?.items.find((i) => i.symbol === symbol);
}

/** This symbol's signals, newest first (one page of up to 500: enough markers for any chart). */
export function useSymbolSignals(symbol: string) {
  return useQuery({
    queryKey: symbolKeys.signals(symbol),
    queryFn: () =>
      unwrap(api.GET("/api/v1/signals", { params: { query: { symbol, limit: 500 } } })),
    staleTime: 60_000,
  });
}

export function useWatchlist() {
  return useQuery({
    queryKey: watchlistKey,
    queryFn: () => unwrap(api.GET("/api/v1/watchlist")),
  });
}

export function useSaveWatchlist() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (symbols: string[]) =>
      unwrap(api.PUT("/api/v1/watchlist", { body: { symbols } })),
    onSuccess: (saved) => {
      client.setQueryData(watchlistKey, saved);
      void client.invalidateQueries({ queryKey: ["signals", "list"] });
    },
  });
}
