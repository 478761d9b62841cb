/**
 * Every query the Account page reads, in one place, so each mutation
 * invalidates what it changed in one line. The signed-in user lives under the
 * app-wide session key; it is listed here so the page has one vocabulary.
 */
import { sessionKey } from "../../../lib/session";

export const accountKeys = {
  all: ["account"] as const,
  me: () => sessionKey,
  sessions: () => [...accountKeys.all, "sessions"] as const,
  apiKeys: () => [...accountKeys.all, "api-keys"] as const,
  /** Public, so kept across sign-in and sign-out (see `refreshSession`). */
  passwordRules: () => ["public", "account", "password-rules"] as const,
};
