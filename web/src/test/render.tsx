import { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { AppProvider } from "../app/provider";
import { AppRoutes } from "../app/routes";

/** A query cache for tests: no retries, nothing kept between tests. */
export function testQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
  });
}

/** Renders the whole app at `path`, as a browser opening that URL would. */
export function renderApp(path: string) {
  return render(
    <AppProvider client={testQueryClient()}>
      <MemoryRouter initialEntries={[path]}>
        <AppRoutes />
      </MemoryRouter>
    </AppProvider>,
  );
}

/** Renders one component with the providers a page has (query cache, router at `path`). */
export function renderWithProviders(node: ReactNode, path = "/") {
  return render(
    <AppProvider client={testQueryClient()}>
      <MemoryRouter initialEntries={[path]}>{node}</MemoryRouter>
    </AppProvider>,
  );
}
