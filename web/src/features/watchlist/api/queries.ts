/**
 * The watchlist's server state. `["watchlist"]` is shared with the symbol
 * page's toggle and the signals filter, so every view agrees after a change.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";

export const watchlistKeys = {
  list: ["watchlist"] as const,
  search: (q: string) => ["watchlist", "search", q] as const,
};

export function useWatchlist() {
  return useQuery({
    queryKey: watchlistKeys.list,
    queryFn: () => unwrap(api.GET("/api/v1/watchlist")),
  });
}

export function useSaveWatchlist() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (symbols: string[]) => unwrap(api.PUT("/api/v1/watchlist", { body: { symbols } })),
    onSuccess: (saved) => {
      client.setQueryData(watchlistKeys.list, saved);
      // Watchlist-only signal lists depend on it.
      void client.invalidateQueries({ queryKey: ["signals", "list"] });
    },
  });
}

export function useSymbolSuggestions(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: watchlistKeys.search(query),
    queryFn: () =>
      unwrap(api.GET("/api/v1/symbols", { params: { query: { q: query, limit: 8 } } })),
    enabled: query.length > 0,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });
}
