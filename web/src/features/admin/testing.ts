/**
 * A fetch stub for the admin tests that sees the whole request (method, query,
 * body), since the admin API is driven by query parameters and PUT bodies.
 */
import { vi } from "vitest";
import { jsonResponse } from "../../test/http";

export type Handler = (req: Request, url: URL) => Response | undefined | Promise<Response | undefined>;

export function stubApi(handler: Handler) {
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(new URL(String(input), "http://localhost"), init);
    const url = new URL(req.url, "http://localhost");
    const res = await handler(req, url);
    if (!res) throw new Error(`unexpected ${req.method} ${url.pathname}${url.search}`);
    return res;
  });
  vi.stubGlobal("fetch", fn);
  return fn;
}

/** The requests the stub saw, as "METHOD /path?query". */
export function seen(fn: ReturnType<typeof stubApi>): string[] {
  return fn.mock.calls.map(([input]) => {
    const req = input as Request;
    const url = new URL(req.url);
    return `${req.method} ${url.pathname}${url.search}`;
  });
}

export const problem = (status: number, title: string, detail: string) =>
  jsonResponse({ type: "about:blank", title, status, detail }, status, "application/problem+json");

export function meView(over: Record<string, unknown> = {}) {
  return {
    id: "0190a0b0-0000-7000-8000-00000000000a",
    email: "admin@example.com",
    role: "admin",
    plan: "quant",
    billing_status: null,
    email_verified: true,
    totp_enabled: false,
    created_at: 1_700_000_000_000,
    api_keys_allowed: 10,
    requests_per_minute: 600,
    ...over,
  };
}

export const PLANS = {
  plans: ["free", "pro", "quant"].map((id) => ({
    id,
    signal_delay_hours: 0,
    watchlist_symbols: 1,
    portfolios: 1,
    api_keys: 0,
    requests_per_minute: 0,
    ai_notes_per_day: 0,
    ai_tokens_per_day: 0,
    backtest_symbols: 0,
    websocket_connections: 0,
    csv_export: false,
  })),
  billing: { checkout: false, portal: false },
};
