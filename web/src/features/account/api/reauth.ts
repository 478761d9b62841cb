/**
 * Calls that re-check the current password. A wrong password comes back as
 * 401 `invalid-credentials`; sent through the shared client, that 401 would
 * read as "session expired" and sign the reader out mid-form (the client
 * exempts only /me/password and /me/delete). These go through `request`,
 * which reports errors without that rule; a 401 of any other kind still
 * re-reads the session, so a real expiry signs out as usual.
 */
import type { QueryClient } from "@tanstack/react-query";
import type { Schemas } from "../../../lib/api/client";
import { ApiError, request } from "../../../lib/api/http";
import { accountKeys } from "./keys";

type ReauthPaths = {
  "/api/v1/me/email": { body: Schemas["EmailChange"]; data: Schemas["Done"] };
  "/api/v1/me/totp": { body: Schemas["PasswordOnly"]; data: Schemas["TotpSetup"] };
  "/api/v1/me/totp/disable": { body: Schemas["PasswordOnly"]; data: Schemas["Done"] };
};

export function isWrongPassword(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.type.endsWith("/invalid-credentials");
}

export async function reauthPost<P extends keyof ReauthPaths>(
  client: QueryClient,
  path: P,
  body: ReauthPaths[P]["body"],
): Promise<ReauthPaths[P]["data"]> {
  try {
    return await request<ReauthPaths[P]["data"]>(path, { method: "POST", body });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && !isWrongPassword(error)) {
      await client.invalidateQueries({ queryKey: accountKeys.me() });
    }
    throw error;
  }
}
