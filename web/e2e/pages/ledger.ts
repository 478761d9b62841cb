import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

/** The verdict of a verification, in the words of `harbinger ledger verify`. */
const verdict = (page: Page) =>
  page.getByRole("status").filter({ hasText: /^(Verified|Broken at seq \d+|Could not verify)$/ });

export const ledgerPage = {
  path: "/ledger",
  async ready(page: Page) {
    await title(page, "Ledger").waitFor();
    await page.getByRole("heading", { name: "Entries" }).waitFor();
  },

  verdict,

  /** Downloads the whole ledger and checks every hash and signature in the page. */
  async verifyInBrowser(page: Page) {
    await page.getByRole("button", { name: "Verify in your browser" }).click();
    await verdict(page).waitFor({ timeout: 60_000 });
  },
} satisfies PageHelper & Record<string, unknown>;
