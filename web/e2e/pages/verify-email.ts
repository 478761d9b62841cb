import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export const verifyEmailPage = {
  path: "/verify-email",
  async ready(page: Page) {
    await title(page, "Verify email").waitFor();
  },

  /** The page redeemed the link's token and says so. */
  async confirmed(page: Page) {
    await verifyEmailPage.ready(page);
    await page.getByRole("status").filter({ hasText: "Your email address is confirmed" }).waitFor();
  },
} satisfies PageHelper & Record<string, unknown>;
