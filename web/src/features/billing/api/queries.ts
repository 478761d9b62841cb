/**
 * What the Plan page reads: the plan catalogue (public, so it survives
 * sign-in) and the counts the API exposes for today's usage.
 */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api/client";

export type PlanView = Schemas["PlanView"];

export const billingKeys = {
  all: ["billing"] as const,
  plans: () => ["public", "billing", "plans"] as const,
  usage: (what: "watchlist" | "portfolios" | "api-keys") =>
    [...billingKeys.all, "usage", what] as const,
};

export function usePlans() {
  return useQuery({
    queryKey: billingKeys.plans(),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/plans", { signal })),
    staleTime: 5 * 60_000,
  });
}

/** Symbols on the caller's watchlist. */
export function useWatchlistCount() {
  return useQuery({
    queryKey: billingKeys.usage("watchlist"),
    queryFn: async ({ signal }) =>
      (await unwrap(api.GET("/api/v1/watchlist", { signal }))).symbols.length,
  });
}

/** The caller's portfolios. */
export function usePortfolioCount() {
  return useQuery({
    queryKey: billingKeys.usage("portfolios"),
    queryFn: async ({ signal }) => (await unwrap(api.GET("/api/v1/portfolios", { signal }))).length,
  });
}

/** Keys not revoked (the list includes revoked ones, which no longer count). */
export function useApiKeyCount() {
  return useQuery({
    queryKey: billingKeys.usage("api-keys"),
    queryFn: async ({ signal }) =>
      (await unwrap(api.GET("/api/v1/api-keys", { signal }))).filter((k) => !k.revoked_at).length,
  });
}
