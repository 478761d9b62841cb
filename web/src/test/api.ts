/**
 * The fake Harbinger API that page tests talk to, and the answers they share.
 *
 * `fakeApi` replaces the global fetch (vitest unstubs it after each test). It answers by
 * "METHOD /path", or by "/path" for any method, or through one function that sees the whole
 * request; it records every request so a test can say what the page sent; and a request
 * nobody expected fails the test (see ./setup.ts), since a page that swallows the error
 * would otherwise pass without the call it needed.
 */
import { vi, type Mock } from "vitest";
import type { Schemas } from "../lib/api/client";

/** A fetch Response with a JSON body and the given media type. */
export function jsonResponse(body: unknown, status = 200, contentType = "application/json"): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": contentType },
  });
}

/** One request as the fake saw it. */
export interface Sent {
  method: string;
  path: string;
  /** The query string with its "?", or "". */
  search: string;
  /** Parsed when the request says it is JSON, else the text; undefined when empty. */
  body: unknown;
  contentType: string | null;
}

/** Answers one route. */
export type Route = (sent: Sent, request: Request) => Response | Promise<Response>;

/** Answers any request, for tests driven by the query; `undefined` means "not expected". */
export type Handler = (
  request: Request,
  url: URL,
  sent: Sent,
) => Response | undefined | Promise<Response | undefined>;

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

export interface FakeApi {
  /** Every request, in the order the page sent them. */
  sent: Sent[];
  /** The stubbed fetch itself, for tests that look at its raw arguments. */
  fetch: Mock<Fetch>;
  /** The requests as "METHOD /path?query". */
  seen(): string[];
  /** The bodies sent to `path`, in order. */
  bodiesTo(path: string): unknown[];
}

// Requests that no route answered since the last check; ./setup.ts fails the test on any.
let unexpected: string[] = [];

/** Hands over (and forgets) the requests nobody expected. */
export function takeUnexpected(): string[] {
  const taken = unexpected;
  unexpected = [];
  return taken;
}

function sentOf(request: Request, url: URL, text: string): Sent {
  const contentType = request.headers.get("content-type");
  const json = contentType !== null && /[/+]json\b/.test(contentType);
  return {
    method: request.method,
    path: url.pathname,
    search: url.search,
    body: text === "" ? undefined : json ? (JSON.parse(text) as unknown) : text,
    contentType,
  };
}

/**
 * Stubs fetch for this test. `routes` are keyed "METHOD /path", or "/path" for any method
 * (the exact key wins); a function instead answers every request itself.
 */
export function fakeApi(routes: Record<string, Route> | Handler): FakeApi {
  const sent: Sent[] = [];
  const fetch = vi.fn<Fetch>(async (input, init) => {
    // The signal stays out: it may come from jsdom, which Node's Request refuses.
    const request =
      input instanceof Request
        ? input
        : new Request(new URL(String(input), "http://localhost"), { ...init, signal: null });
    const url = new URL(request.url);
    // Read the body only when there is one, so a request without one is answered in the
    // same tick as the call: older routes look at `fetch.mock.calls` for the request at hand.
    const pending = typeof init?.body === "string" ? init.body : request.body ? request.clone().text() : "";
    const call = sentOf(request, url, typeof pending === "string" ? pending : await pending);
    sent.push(call);
    const response =
      typeof routes === "function"
        ? await routes(request, url, call)
        : await (routes[`${call.method} ${call.path}`] ?? routes[call.path])?.(call, request);
    if (!response) {
      const what = `${call.method} ${call.path}${call.search}`;
      unexpected.push(what);
      throw new Error(`unexpected request: ${what}`);
    }
    return response;
  });
  vi.stubGlobal("fetch", fetch);
  return {
    sent,
    fetch,
    seen: () => sent.map((s) => `${s.method} ${s.path}${s.search}`),
    bodiesTo: (path) => sent.filter((s) => s.path === path).map((s) => s.body),
  };
}

/** The older form: routes keyed by path alone; returns the stubbed fetch. */
export function mockFetch(routes: Record<string, Route>): Mock<Fetch> {
  return fakeApi(routes).fetch;
}

// The reason phrases the server puts in a problem's title (Rust's `canonical_reason`).
const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/**
 * An error as the server sends it (RFC 9457): `slug` names the kind
 * (`https://harbinger.dev/problems/<slug>`), null leaves it `about:blank`.
 */
export function problem(
  status: number,
  slug: string | null,
  detail: string,
  more: { retryAfter?: number; extensions?: Record<string, unknown> } = {},
): Response {
  const res = jsonResponse(
    {
      type: slug ? `https://harbinger.dev/problems/${slug}` : "about:blank",
      title: REASONS[status] ?? "Error",
      status,
      detail,
      ...more.extensions,
    },
    status,
    "application/problem+json",
  );
  if (more.retryAfter !== undefined) res.headers.set("Retry-After", String(more.retryAfter));
  return res;
}

/** What `GET /api/v1/me` answers a visitor without a session. */
export const signedOut = () => problem(401, null, "not signed in");

/** The plain success most account actions answer. */
export const ok = () => jsonResponse({ status: "ok" });

/** A signed-in user, as `GET /api/v1/me` describes them: a Pro trader unless overridden. */
export function me(overrides: Partial<Schemas["MeView"]> = {}): Schemas["MeView"] {
  return {
    id: "0190a0b0-0000-7000-8000-000000000001",
    email: "trader@example.com",
    role: "user",
    plan: "pro",
    billing_status: null,
    email_verified: true,
    totp_enabled: false,
    disabled: false,
    created_at: 1_700_000_000_000,
    api_keys_allowed: 1,
    requests_per_minute: 60,
    ...overrides,
  };
}

type PlanId = "free" | "pro" | "quant";

// The limits a deployment has when its config names none (`PlansConfig::default`).
const PLAN_LIMITS: Record<PlanId, Omit<Schemas["PlanView"], "id">> = {
  free: {
    signal_delay_hours: 24,
    watchlist_symbols: 5,
    portfolios: 1,
    api_keys: 0,
    requests_per_minute: 30,
    ai_notes_per_day: 0,
    ai_tokens_per_day: 0,
    backtest_symbols: 0,
    websocket_connections: 0,
    csv_export: false,
  },
  pro: {
    signal_delay_hours: 0,
    watchlist_symbols: 100,
    portfolios: 10,
    api_keys: 1,
    requests_per_minute: 60,
    ai_notes_per_day: 20,
    ai_tokens_per_day: 100_000,
    backtest_symbols: 20,
    websocket_connections: 5,
    csv_export: true,
  },
  quant: {
    signal_delay_hours: 0,
    watchlist_symbols: 1_000,
    portfolios: 100,
    api_keys: 10,
    requests_per_minute: 600,
    ai_notes_per_day: 200,
    ai_tokens_per_day: 1_000_000,
    backtest_symbols: 500,
    websocket_connections: 25,
    csv_export: true,
  },
};

/** `GET /api/v1/plans` with the default limits; `overrides` changes any plan's. */
export function plans(overrides: Partial<Record<PlanId, Partial<Schemas["PlanView"]>>> = {}): Schemas["Plans"] {
  return {
    plans: (["free", "pro", "quant"] as const).map((id) => ({ id, ...PLAN_LIMITS[id], ...overrides[id] })),
    billing: { checkout: false, portal: false },
  };
}

/** `GET /api/v1/auth/password-rules` as the server answers it. */
export const passwordRules = () =>
  jsonResponse({ min_chars: 8, max_chars: 1024, strength: "not a common password" });
