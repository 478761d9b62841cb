/** What the Account page tests share: two sessions and the routes every one of them needs. */
import { jsonResponse, me, passwordRules, type Route } from "../../test/api";

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

/** A signed-in user and the lists the page reads. */
export function baseRoutes(user = me()): Record<string, Route> {
  return {
    "GET /api/v1/me": () => jsonResponse(user),
    "GET /api/v1/auth/password-rules": passwordRules,
    "GET /api/v1/me/sessions": () => jsonResponse([thisSession]),
    "GET /api/v1/api-keys": () => jsonResponse([]),
  };
}
