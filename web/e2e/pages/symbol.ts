import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export const symbolPage = {
  path: "/symbols",
  /** The symbol's heading and its candle chart, drawn. */
  async ready(page: Page) {
    await title(page, /^[A-Z0-9.^-]+$/).waitFor();
    await page.getByRole("img", { name: /^Price chart of / }).locator("canvas").first().waitFor();
  },

  async addToWatchlist(page: Page) {
    await page.getByRole("button", { name: "Add to watchlist" }).click();
    // The toggle turns into its opposite once the server has saved the list.
    await page.getByRole("button", { name: "Remove from watchlist", pressed: true }).waitFor();
  },
} satisfies PageHelper & Record<string, unknown>;
