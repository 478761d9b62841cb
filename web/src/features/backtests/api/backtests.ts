/**
 * Backtests over the typed client: one key factory, the list, one run polled while it waits
 * or runs, and the request that starts one (a job: 202 with its id).
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api/client";

export type Backtest = Schemas["BacktestOut"];
export type NewBacktest = Schemas["NewBacktest"];

/** How often a queued or running backtest is asked for its progress. */
export const POLL_MS = 1_500;

export const backtestKeys = {
  all: ["backtests"] as const,
  list: () => [...backtestKeys.all, "list"] as const,
  detail: (id: string) => [...backtestKeys.all, "detail", id] as const,
  // Public and identical for every reader: kept across sign-in and sign-out.
  plans: () => ["public", "plans"] as const,
};

export const isPending = (status: string | undefined) => status === "queued" || status === "running";

export function useBacktests() {
  return useQuery({
    queryKey: backtestKeys.list(),
    queryFn: () => unwrap(api.GET("/api/v1/backtests")),
    // A run in the list still working will change status: look again until none is.
    refetchInterval: (q) => (q.state.data?.some((b) => isPending(b.status)) ? POLL_MS * 2 : false),
  });
}

export function useBacktest(id: string) {
  const client = useQueryClient();
  return useQuery({
    queryKey: backtestKeys.detail(id),
    queryFn: async () => {
      const run = await unwrap(api.GET("/api/v1/backtests/{id}", { params: { path: { id } } }));
      // The list shows statuses; refresh it once this run has ended.
      if (!isPending(run.status)) void client.invalidateQueries({ queryKey: backtestKeys.list() });
      return run;
    },
    refetchInterval: (q) => (isPending(q.state.data?.status) ? POLL_MS : false),
    // A finished report does not change.
    staleTime: (q) => (isPending(q.state.data?.status) ? 0 : Infinity),
  });
}

export function usePlans() {
  return useQuery({
    queryKey: backtestKeys.plans(),
    queryFn: () => unwrap(api.GET("/api/v1/plans")),
    staleTime: 5 * 60_000,
  });
}

export function useRunBacktest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewBacktest) => unwrap(api.POST("/api/v1/backtests", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: backtestKeys.all }),
  });
}
