/**
 * A fake API for this feature's page tests: answers by "METHOD /path" and records each
 * request with its body, so a test can say what the page sent.
 */
import { configure } from "@testing-library/react";
import { vi } from "vitest";
import { jsonResponse } from "../../test/http";

// Pages are lazy chunks: on a busy machine the first one a file opens can take longer than
// the default second (and a whole test longer than five).
configure({ asyncUtilTimeout: 10_000 });
vi.setConfig({ testTimeout: 30_000 });

export type Handler = (req: Request, body: string) => Response | Promise<Response>;

export interface Sent {
  method: string;
  path: string;
  search: string;
  body: string;
  contentType: string | null;
}

export function fakeApi(routes: Record<string, Handler>) {
  const sent: Sent[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(new URL(String(input), "http://localhost"), init);
    const url = new URL(req.url, "http://localhost");
    const body = req.method === "GET" ? "" : await req.clone().text();
    sent.push({
      method: req.method,
      path: url.pathname,
      search: url.search,
      body,
      contentType: req.headers.get("content-type"),
    });
    const handler = routes[`${req.method} ${url.pathname}`];
    if (!handler) throw new Error(`unexpected ${req.method} ${url.pathname}`);
    return handler(req, body);
  });
  vi.stubGlobal("fetch", fn);
  return { sent, fn };
}

export const me = (plan = "pro") => () =>
  jsonResponse({
    id: "u1",
    email: "you@example.com",
    email_verified: true,
    plan,
    role: "user",
    created_at: 0,
    api_keys_allowed: 1,
    requests_per_minute: 60,
    totp_enabled: false,
  });

const plan = (id: string, portfolios: number, backtest_symbols: number) => ({
  id,
  portfolios,
  backtest_symbols,
  signal_delay_hours: 0,
  watchlist_symbols: 10,
  api_keys: 1,
  requests_per_minute: 60,
  ai_notes_per_day: 0,
  ai_tokens_per_day: 0,
  websocket_connections: 0,
  csv_export: false,
});

export const plans = () =>
  jsonResponse({
    plans: [plan("free", 1, 0), plan("pro", 10, 25), plan("quant", 100, 500)],
    billing: { checkout: false, portal: false },
  });

export const problem = (status: number, detail: string, extra: Record<string, unknown> = {}) =>
  jsonResponse({ type: "about:blank", title: "Refused", status, detail, ...extra }, status, "application/problem+json");
