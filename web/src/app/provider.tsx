import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import { onSessionExpired } from "../lib/api/client";
import { ApiError } from "../lib/api/http";
import { sessionKey } from "../lib/session";

/** Client errors are answers, not glitches: retry only network failures and 5xx. */
function retry(count: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return count < 2;
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry, staleTime: 15_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

/** The query cache, and the rule that an expired session sends the reader to sign in. */
export function AppProvider({ children, client }: { children: ReactNode; client?: QueryClient }) {
  const [queryClient] = useState(() => client ?? makeQueryClient());
  useEffect(
    () =>
      onSessionExpired(() => {
        // RequireAuth sees the user gone and redirects with `next`, keeping the page.
        queryClient.setQueryData(sessionKey, null);
      }),
    [queryClient],
  );
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
