/** Users for operators: the paged list and the three changes (role, plan, disabled). */
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";
import { sessionKey } from "../../../lib/session";
import { adminKeys } from "./keys";

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
      // An operator who changed their own plan sees it in the header at once.
      if (change.id === selfId) refresh.push(client.invalidateQueries({ queryKey: sessionKey }));
      await Promise.all(refresh);
      void client.invalidateQueries({ queryKey: [...adminKeys.all, "audit"] });
    },
  });
}
