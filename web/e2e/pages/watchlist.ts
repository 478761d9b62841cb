import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export const watchlistPage = {
  path: "/watchlist",
  async ready(page: Page) {
    await title(page, "Watchlist").waitFor();
    await watchlistPage.symbols(page).or(page.getByText(/^Your watchlist is empty/)).waitFor();
  },

  symbols: (page: Page) => page.getByRole("list", { name: "Watched symbols" }),

  async expectWatching(page: Page, symbol: string) {
    await watchlistPage.symbols(page).getByRole("link", { name: symbol, exact: true }).waitFor();
  },
} satisfies PageHelper & Record<string, unknown>;
