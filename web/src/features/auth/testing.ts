/** Test helpers for the sign-in pages: canned server answers and a look at what was sent. */
import { configure } from "@testing-library/react";
import type { Mock } from "vitest";
import { jsonResponse } from "../../test/http";

// Pages load lazily; on a busy machine the first chunk takes longer than the one-second default.
configure({ asyncUtilTimeout: 5000 });

export const problem = (status: number, slug: string | null, detail: string, headers: Record<string, string> = {}) => {
  const res = jsonResponse(
    { type: slug ? `https://harbinger.dev/problems/${slug}` : "about:blank", title: "Refused", status, detail },
    status,
    "application/problem+json",
  );
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
};

export const signedOut = () => problem(401, null, "not signed in");

export const user = {
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
};

export const rules = () =>
  jsonResponse({ min_chars: 8, max_chars: 1024, strength: "not a common password" });

/** The JSON bodies sent to `path`, in order. */
export async function sentTo(fetch: Mock, path: string): Promise<unknown[]> {
  const requests = fetch.mock.calls
    .map(([input]) => input as Request)
    .filter((r) => typeof r !== "string" && new URL(r.url).pathname === path);
  return Promise.all(requests.map((r) => r.clone().json()));
}
