import { vi } from "vitest";

/** A fetch Response with a JSON body and the given media type. */
export function jsonResponse(
  body: unknown,
  status = 200,
  contentType = "application/json",
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": contentType },
  });
}

export type Route = () => Response | Promise<Response>;

/**
 * Replaces global fetch with one that answers by path. Unknown paths fail
 * the test loudly rather than hanging.
 */
export function mockFetch(routes: Record<string, Route>) {
  const fn = vi.fn(async (input: RequestInfo | URL, _init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const path = new URL(url, "http://localhost").pathname;
    const route = routes[path];
    if (!route) throw new Error(`unexpected fetch of ${url}`);
    return route();
  });
  vi.stubGlobal("fetch", fn);
  return fn;
}
