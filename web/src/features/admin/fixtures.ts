/** The operator the admin tests sign in as. */
import { me } from "../../test/api";

export const adminUser = (overrides: Parameters<typeof me>[0] = {}) =>
  me({
    id: "0190a0b0-0000-7000-8000-00000000000a",
    email: "admin@example.com",
    role: "admin",
    plan: "quant",
    api_keys_allowed: 10,
    requests_per_minute: 600,
    ...overrides,
  });
