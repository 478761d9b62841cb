import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export const planPage = {
  path: "/plan",
  async ready(page: Page) {
    await title(page, "Your plan").waitFor();
    await page.getByRole("region", { name: "Limits and usage", exact: true }).waitFor();
  },

  /** The current plan as the page names it ("Free", "Pro", "Quant"). */
  current: (page: Page) => page.getByRole("region", { name: "Current plan" }),
} satisfies PageHelper & Record<string, unknown>;
