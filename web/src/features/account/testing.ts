/** Test helpers for the Account page: a fake server that answers by method and path. */
import { configure } from "@testing-library/react";
import { vi } from "vitest";
import { jsonResponse } from "../../test/http";

// Pages load lazily; on a busy machine the first chunk takes longer than the one-second default.
configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });

export interface Call {
  method: string;
  path: string;
  body: unknown;
}

type Handler = (body: unknown) => Response | Promise<Response>;

/**
 * Replaces fetch; `routes` are keyed "METHOD /path" (or just "/path" for any
 * method). Returns the calls made, bodies parsed, for assertions.
 */
export function mockApi(routes: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request =
        input instanceof Request ? input : new Request(new URL(String(input), "http://localhost"), init);
      const path = new URL(request.url).pathname;
      const text = await request.clone().text();
      const body: unknown = text ? JSON.parse(text) : undefined;
      calls.push({ method: request.method, path, body });
      const handler = routes[`${request.method} ${path}`] ?? routes[path];
      if (!handler) throw new Error(`unexpected ${request.method} ${path}`);
      return handler(body);
    }),
  );
  return calls;
}

export const problem = (status: number, slug: string | null, detail: string) =>
  jsonResponse(
    { type: slug ? `https://harbinger.dev/problems/${slug}` : "about:blank", title: "Refused", status, detail },
    status,
    "application/problem+json",
  );

export const ok = () => jsonResponse({ status: "ok" });

export const rules = () =>
  jsonResponse({ min_chars: 8, max_chars: 1024, strength: "not a common password" });

export function me(overrides: Record<string, unknown> = {}) {
  return {
    id: "0190a0b0-0000-7000-8000-000000000001",
    email: "trader@example.com",
    role: "user",
    plan: "pro",
    billing_status: null,
    email_verified: true,
    totp_enabled: false,
    created_at: 1_700_000_000_000,
    api_keys_allowed: 1,
    requests_per_minute: 60,
    ...overrides,
  };
}

export const thisSession = {
  id: "0190a0b0-0000-7000-8000-00000000aaaa",
  created_at: 1_700_000_000_000,
  last_seen_at: Date.now() - 5_000,
  expires_at: Date.now() + 86_400_000,
  ip: "127.0.0.1",
  user_agent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
  current: true,
};

export const otherSession = {
  ...thisSession,
  id: "0190a0b0-0000-7000-8000-00000000bbbb",
  ip: "198.51.100.7",
  user_agent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1",
  last_seen_at: Date.now() - 3_600_000,
  current: false,
};

/** What every Account page test needs: a signed-in user and the lists the page reads. */
export function baseRoutes(user = me()): Record<string, Handler> {
  return {
    "GET /api/v1/me": () => jsonResponse(user),
    "GET /api/v1/auth/password-rules": rules,
    "GET /api/v1/me/sessions": () => jsonResponse([thisSession]),
    "GET /api/v1/api-keys": () => jsonResponse([]),
  };
}
