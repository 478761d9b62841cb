/**
 * The public plan catalogue (`GET /api/v1/plans`). Keyed under "public" so
 * signing in or out (which drops every user-owned query) keeps it cached.
 */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api/client";

export type Plans = Schemas["Plans"];
export type PlanView = Schemas["PlanView"];

export const landingKeys = {
  all: ["public", "landing"] as const,
  plans: () => [...landingKeys.all, "plans"] as const,
};

export function usePlans() {
  return useQuery({
    queryKey: landingKeys.plans(),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/plans", { signal })),
    // Plan limits change only when the operator edits the configuration.
    staleTime: 5 * 60_000,
  });
}
