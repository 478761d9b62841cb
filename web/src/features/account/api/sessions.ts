/** The caller's signed-in sessions (browsers and devices). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api/client";
import { accountKeys } from "./keys";

export type SessionView = Schemas["SessionView"];

export function useSessions() {
  return useQuery({
    queryKey: accountKeys.sessions(),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/me/sessions", { signal })),
  });
}

export function useEndSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/me/sessions/{id}", { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: accountKeys.sessions() }),
  });
}

export function useEndOtherSessions() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/me/sessions/logout-others")),
    onSuccess: () => client.invalidateQueries({ queryKey: accountKeys.sessions() }),
  });
}
