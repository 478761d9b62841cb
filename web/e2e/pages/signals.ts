import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export const signalsPage = {
  path: "/signals",
  async ready(page: Page) {
    await title(page, "Signals").waitFor();
    // The list, or its empty state ("No signals yet", "No signal matches these filters").
    await signalsPage.list(page).or(page.getByText(/^No signals? /)).waitFor();
  },

  list: (page: Page) => page.getByRole("list", { name: "Signals" }),
  streamStatus: (page: Page) => page.getByRole("status", { name: "Stream status" }),

  /** The stream is carrying the feed (Pro and Quant; Free polls). */
  async waitForLive(page: Page) {
    await signalsPage.streamStatus(page).filter({ hasText: "Live" }).waitFor();
  },

  /**
   * Waits for the polite announcement the page makes when a signal arrives while it is
   * open, and returns it ("New signal: AAPL long, 62 % confidence", or "3 new signals").
   */
  async waitForArrival(page: Page, timeout = 60_000): Promise<string> {
    const said = page.getByText(/^New signal|new signals$/);
    await said.waitFor({ state: "attached", timeout });
    return (await said.textContent()) ?? "";
  },

  /** Opens the newest signal, or the newest on `symbol`. */
  async openSignal(page: Page, symbol?: string) {
    const rows = signalsPage.list(page).getByRole("link");
    await (symbol ? rows.filter({ hasText: symbol }) : rows).first().click();
    await page.waitForURL(/\/signals\/[^/]+$/);
  },
} satisfies PageHelper & Record<string, unknown>;
