/** The signals feature's server state: TanStack Query hooks over the typed client. */
import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api/client";
import { ApiError } from "../../../lib/api/http";
import { useSession } from "../../../lib/session";
import { apiQuery, type SignalFilters } from "../filters";
import { plansKey, signalKeys, watchlistKey } from "./keys";

/** Rows per request: large enough that a long feed needs few of them. */
export const PAGE_SIZE = 100;

export function fetchSignalPage(filters: SignalFilters, cursor?: string, limit = PAGE_SIZE) {
  return unwrap(
    api.GET("/api/v1/signals", {
      params: { query: { ...apiQuery(filters), limit, cursor } },
    }),
  );
}

export function useSignalList(filters: SignalFilters) {
  return useInfiniteQuery({
    queryKey: signalKeys.list(filters),
    queryFn: ({ pageParam }) => fetchSignalPage(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    // The stream and the poller keep the cache current in between.
    staleTime: 30_000,
  });
}

export function useSignal(id: string) {
  return useQuery({
    queryKey: signalKeys.detail(id),
    queryFn: () =>
      unwrap(api.GET("/api/v1/signals/{id}", { params: { path: { id } } })),
  });
}

export function useExplanation(id: string, enabled: boolean) {
  return useQuery({
    queryKey: signalKeys.explanation(id),
    queryFn: () =>
      unwrap(api.GET("/api/v1/signals/{id}/explanation", { params: { path: { id } } })),
    enabled,
  });
}

export type Research = Schemas["ResearchOut"];

/** The research note, or null when nobody asked for one yet (the server's 404). */
export function useResearch(id: string, enabled: boolean) {
  return useQuery({
    queryKey: signalKeys.research(id),
    queryFn: async (): Promise<Research | null> => {
      try {
        return await unwrap(
          api.GET("/api/v1/signals/{id}/research", { params: { path: { id } } }),
        );
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
    enabled,
    // A note being written is polled until it is ready or failed.
    refetchInterval: (q) => (q.state.data?.status === "pending" ? 3_000 : false),
  });
}

export function useRequestResearch(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/signals/{id}/research", { params: { path: { id } } })),
    onSuccess: (note) => {
      client.setQueryData(signalKeys.research(id), note);
      void client.invalidateQueries({ queryKey: signalKeys.explanation(id) });
    },
  });
}

export function useBars(symbol: string | undefined, from: number, to: number) {
  return useQuery({
    queryKey: signalKeys.bars(symbol ?? "", from, to),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/market/{symbol}/bars", {
          params: {
            path: { symbol: symbol ?? "" },
            query: { interval: "1d", from: String(from), to: String(to) },
          },
        }),
      ),
    enabled: Boolean(symbol),
    staleTime: 60_000,
  });
}

export function usePlans() {
  return useQuery({
    queryKey: plansKey,
    queryFn: () => unwrap(api.GET("/api/v1/plans")),
    staleTime: 10 * 60_000,
  });
}

/** The signed-in user's plan and its limits (undefined while either is loading). */
export function useMyPlan() {
  const { user } = useSession();
  const plans = usePlans();
  const plan = plans.data?.plans.find((p) => p.id === user?.plan);
  return { plan, isPending: plans.isPending || !user, error: plans.error };
}

export function useWatchlistSymbols(enabled = true) {
  return useQuery({
    queryKey: watchlistKey,
    queryFn: () => unwrap(api.GET("/api/v1/watchlist")),
    enabled,
  });
}
