/**
 * The signed-in user, from `GET /api/v1/me`, kept in the query cache. Every
 * page reads it through `useSession`; signing in or out invalidates one key.
 */
import { useQuery, type QueryClient } from "@tanstack/react-query";
import { api, type Schemas } from "./api/client";
import { ApiError } from "./api/http";

export type Me = Schemas["MeView"];

export const sessionKey = ["session", "me"] as const;

/** The current user, or null when nobody is signed in. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const { data } = await api.GET("/api/v1/me");
    return data ?? null;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function useSession() {
  const query = useQuery({
    queryKey: sessionKey,
    queryFn: fetchMe,
    staleTime: 60_000,
    retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
  });
  return {
    user: query.data ?? null,
    isLoading: query.isPending,
    isAdmin: query.data?.role === "admin",
    error: query.error,
  };
}

/** After login, logout or a plan change: re-read the user and drop every user-owned query. */
export async function refreshSession(client: QueryClient): Promise<void> {
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== "public" });
  await client.invalidateQueries({ queryKey: sessionKey });
}
