import type { AuditFilters } from "./types";

/** Every admin query lives under "admin", so one invalidation refreshes the area. */
export const adminKeys = {
  all: ["admin"] as const,
  users: () => [...adminKeys.all, "users"] as const,
  auditVerify: () => [...adminKeys.all, "audit-verify"] as const,
  audit: (filters: AuditFilters) => [...adminKeys.all, "audit", filters] as const,
  jobs: () => [...adminKeys.all, "jobs"] as const,
  providers: () => [...adminKeys.all, "providers"] as const,
  mailbox: (to: string) => [...adminKeys.all, "mailbox", to] as const,
  // The catalogue is public: kept across sign-in and sign-out like the landing page's.
  plans: () => ["public", "admin", "plans"] as const,
};
