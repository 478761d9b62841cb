import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export interface BacktestRequest {
  strategy: string;
  symbols: string;
  from: string;
  to: string;
}

const status = (page: Page) => page.getByRole("status", { name: "Backtest status" });

export const backtestsPage = {
  path: "/backtests",
  async ready(page: Page) {
    await title(page, "Backtests").waitFor();
    await page.getByRole("form", { name: "New backtest" }).waitFor();
  },

  /** Fills the form and runs it; the app then opens the run's own page. */
  async run(page: Page, req: BacktestRequest) {
    const form = page.getByRole("form", { name: "New backtest" });
    await form.getByLabel("Strategy").selectOption({ label: req.strategy });
    await form.getByLabel("Symbols").fill(req.symbols);
    await form.getByLabel("From").fill(req.from);
    await form.getByLabel("To").fill(req.to);
    await form.getByRole("button", { name: "Run backtest" }).click();
    await page.waitForURL(/\/backtests\/[^/]+$/);
  },
} satisfies PageHelper & Record<string, unknown>;

export const backtestPage = {
  path: "/backtests",
  status,
  /** A finished run: its status says Done (or Failed) and, when done, its metrics are shown. */
  async ready(page: Page) {
    await title(page, /^Backtest/).waitFor();
    await status(page).filter({ hasText: /Done|Failed/ }).waitFor({ timeout: 120_000 });
  },
} satisfies PageHelper & Record<string, unknown>;
