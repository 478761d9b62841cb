import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export const signalDetailPage = {
  path: "/signals",
  async ready(page: Page) {
    await title(page, /signal/).waitFor();
    await page.getByRole("heading", { name: "Ledger" }).waitFor();
  },

  /** The price chart with the signal's levels; drawn once its bars have loaded. */
  chart: (page: Page) => page.getByRole("img", { name: /^Price chart of / }),

  async readyWithChart(page: Page) {
    await signalDetailPage.ready(page);
    await signalDetailPage.chart(page).locator("canvas").first().waitFor();
  },

  /** Follows the "<SYMBOL> chart" link to the symbol's page. */
  async openSymbol(page: Page, symbol: string) {
    await page.getByRole("link", { name: `${symbol} chart` }).click();
    await page.waitForURL(`**/symbols/${encodeURIComponent(symbol)}`);
  },
} satisfies PageHelper & Record<string, unknown>;
