import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export const ledgerPage = {
  path: "/ledger",
  async ready(page: Page) {
    await title(page, "Ledger").waitFor();
    await page.getByRole("heading", { name: "Entries" }).waitFor();
  },

  /** Downloads the whole ledger and checks every hash and signature in the page. */
  async verifyInBrowser(page: Page) {
    await page.getByRole("button", { name: "Verify in your browser" }).click();
    await page.getByRole("status").filter({ hasText: /^(Verified|Broken at seq \d+|Could not verify)$/ }).waitFor({ timeout: 60_000 });
  },

  verdict: (page: Page) => page.getByRole("status").filter({ hasText: /^(Verified|Broken at seq \d+|Could not verify)$/ }),
} satisfies PageHelper & Record<string, unknown>;
