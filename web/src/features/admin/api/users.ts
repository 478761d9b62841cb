/**
 * Users for operators: the paged list, each account's disabled state, and the
 * three changes (role, plan, disabled).
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";
import { sessionKey } from "../../../lib/session";
import { adminKeys } from "./keys";
import type { AuditRow } from "./types";

export const USERS_PAGE = 50;

export function useUsers() {
  return useInfiniteQuery({
    queryKey: adminKeys.users(),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/admin/users", {
          params: { query: { after: pageParam ?? undefined, limit: USERS_PAGE } },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    // A full page may have more behind it; a short one is the end.
    getNextPageParam: (last) => (last.length === USERS_PAGE ? (last.at(-1)?.id ?? null) : null),
  });
}

/** The audit log's widest page; paging stops after MAX_PAGES of each action. */
const AUDIT_MAX = 100;
const MAX_PAGES = 50;

export interface DisabledState {
  /** User id → disabled, for every account ever disabled or re-enabled. */
  byUser: Map<string, boolean>;
  /** False when paging stopped before the end of the log. */
  complete: boolean;
}

async function eventsOf(action: string, signal: AbortSignal): Promise<{ rows: AuditRow[]; complete: boolean }> {
  const rows: AuditRow[] = [];
  let after = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const batch = (await unwrap(
      api.GET("/api/v1/admin/audit", { params: { query: { action, after_seq: after, limit: AUDIT_MAX } }, signal }),
    )) as unknown as AuditRow[];
    rows.push(...batch);
    if (batch.length < AUDIT_MAX) return { rows, complete: true };
    after = batch.at(-1)!.seq;
  }
  return { rows, complete: false };
}

/**
 * Whether each account is disabled. The user list does not say, but the only
 * way to disable or re-enable an account is the admin API, which writes a
 * `user_disabled` / `user_enabled` audit row in the same transaction; accounts
 * start enabled. So the latest such row per user is the state.
 */
async function fetchDisabledState(signal: AbortSignal): Promise<DisabledState> {
  const [off, on] = await Promise.all([eventsOf("user_disabled", signal), eventsOf("user_enabled", signal)]);
  const events = [...off.rows, ...on.rows].sort((a, b) => a.seq - b.seq);
  const byUser = new Map<string, boolean>();
  for (const e of events) {
    if (e.target_id && e.outcome === "success") byUser.set(e.target_id, e.action === "user_disabled");
  }
  return { byUser, complete: off.complete && on.complete };
}

export function useDisabledState() {
  return useQuery({
    queryKey: adminKeys.disabled(),
    queryFn: ({ signal }) => fetchDisabledState(signal),
  });
}

export type UserChange =
  | { id: string; email: string; kind: "role"; role: string }
  | { id: string; email: string; kind: "plan"; plan: string }
  | { id: string; email: string; kind: "disabled"; disabled: boolean };

function send(change: UserChange) {
  const path = { id: change.id };
  switch (change.kind) {
    case "role":
      return unwrap(api.PUT("/api/v1/admin/users/{id}/role", { params: { path }, body: { role: change.role } }));
    case "plan":
      return unwrap(api.PUT("/api/v1/admin/users/{id}/plan", { params: { path }, body: { plan: change.plan } }));
    case "disabled":
      return unwrap(
        api.PUT("/api/v1/admin/users/{id}/disabled", { params: { path }, body: { disabled: change.disabled } }),
      );
  }
}

/** One change to one account; afterwards the list (and the audit views) are read again. */
export function useChangeUser(selfId: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSettled: async (_data, _error, change) => {
      const refresh = [client.invalidateQueries({ queryKey: adminKeys.users() })];
      if (change.kind === "disabled") refresh.push(client.invalidateQueries({ queryKey: adminKeys.disabled() }));
      // An operator who changed their own plan sees it in the header at once.
      if (change.id === selfId) refresh.push(client.invalidateQueries({ queryKey: sessionKey }));
      await Promise.all(refresh);
      void client.invalidateQueries({ queryKey: [...adminKeys.all, "audit"] });
    },
  });
}
