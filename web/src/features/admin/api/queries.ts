/** The admin area's reads. Writes are in `users.ts`. */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";
import { adminKeys } from "./keys";
import type { AuditFilters, AuditRow, DevMail } from "./types";

export const AUDIT_PAGE = 50;
export const MAILBOX_PAGE = 50;

export function useAudit(filters: AuditFilters) {
  return useQuery({
    queryKey: adminKeys.audit(filters),
    queryFn: async ({ signal }) =>
      (await unwrap(
        api.GET("/api/v1/admin/audit", { params: { query: { ...filters, limit: AUDIT_PAGE } }, signal }),
      )) as unknown as AuditRow[],
  });
}

/** The whole chain recomputed on the server; heavy on a long log, so read only on request. */
export function useAuditVerification() {
  return useQuery({
    queryKey: adminKeys.auditVerify(),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/admin/audit/verify", { signal })),
    staleTime: 60_000,
  });
}

export function useJobs() {
  return useQuery({
    queryKey: adminKeys.jobs(),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/admin/jobs", { signal })),
    refetchInterval: 10_000,
  });
}

export function useProviders() {
  return useQuery({
    queryKey: adminKeys.providers(),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/admin/providers", { signal })),
    refetchInterval: 15_000,
  });
}

export function useMailbox(to: string) {
  return useQuery({
    queryKey: adminKeys.mailbox(to),
    queryFn: async ({ signal }) =>
      (await unwrap(
        api.GET("/api/v1/admin/mailbox", {
          params: { query: { to: to || undefined, limit: MAILBOX_PAGE } },
          signal,
        }),
      )) as unknown as DevMail[],
  });
}

export function usePlanIds() {
  return useQuery({
    queryKey: adminKeys.plans(),
    queryFn: async ({ signal }) =>
      (await unwrap(api.GET("/api/v1/plans", { signal }))).plans.map((p) => p.id),
    staleTime: 5 * 60_000,
  });
}
