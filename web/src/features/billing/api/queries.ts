/**
 * What the Plan page reads: the plan catalogue (public, so it survives
 * sign-in) and the caller's usage.
 */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api/client";

export type PlanView = Schemas["PlanView"];

export const billingKeys = {
  all: ["billing"] as const,
  plans: () => ["public", "billing", "plans"] as const,
  usage: () => [...billingKeys.all, "usage"] as const,
};

export function usePlans() {
  return useQuery({
    queryKey: billingKeys.plans(),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/plans", { signal })),
    staleTime: 5 * 60_000,
  });
}

/** The caller's usage against the plan (`GET /api/v1/billing/usage`; daily figures count the UTC day). */
export function useUsage() {
  return useQuery({
    queryKey: billingKeys.usage(),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/billing/usage", { signal })),
  });
}
