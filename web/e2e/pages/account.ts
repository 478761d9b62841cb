import type { Page } from "playwright-core";
import { totp } from "../support/totp";
import { title, type PageHelper } from "./page";

const twoFactor = (page: Page) => page.getByRole("region", { name: "Two-factor authentication" });
const apiKeys = (page: Page) => page.getByRole("region", { name: "API keys" });

export const accountPage = {
  path: "/account",
  async ready(page: Page) {
    await title(page, "Account").waitFor();
    await apiKeys(page).waitFor();
  },

  /** Creates a key and returns it as shown (once); `Done` then hides it for good. */
  async createApiKey(page: Page, name: string): Promise<string> {
    const section = apiKeys(page);
    await section.getByLabel("Key name").fill(name);
    await section.getByRole("button", { name: "Create key" }).click();
    const shown = section.getByRole("status", { name: "New API key" }).or(section.getByLabel("New API key"));
    await shown.waitFor();
    const key = ((await shown.textContent()) ?? "").trim();
    await section.getByRole("button", { name: "Done" }).click();
    await shown.waitFor({ state: "detached" });
    await section.getByRole("list", { name: "Your API keys" }).getByText(name, { exact: true }).first().waitFor();
    return key;
  },

  /**
   * Turns two-factor on like a person with an authenticator app: reads the key shown for
   * typing by hand, answers with the current code, and dismisses the recovery codes.
   * Returns the secret and when its code was used.
   */
  async turnOnTwoFactor(page: Page, password: string): Promise<{ secret: string; usedAt: number }> {
    const section = twoFactor(page);
    await section.getByLabel("Current password").fill(password);
    await section.getByRole("button", { name: "Set up two-factor authentication" }).click();
    // The key is shown in groups of four base32 characters ("ABCD EFGH …").
    const shownKey = section.getByText(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    await shownKey.waitFor();
    const secret = ((await shownKey.textContent()) ?? "").replace(/\s+/g, "");
    const usedAt = Date.now();
    await section.getByLabel("Authentication code").fill(totp(secret, usedAt));
    await section.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    await section.getByRole("list", { name: "Recovery codes" }).waitFor();
    await section.getByRole("button", { name: "I have saved them" }).click();
    await section.getByText("On", { exact: true }).waitFor();
    return { secret, usedAt };
  },
} satisfies PageHelper & Record<string, unknown>;
