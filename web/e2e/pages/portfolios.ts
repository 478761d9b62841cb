import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export const portfoliosPage = {
  path: "/portfolios",
  async ready(page: Page) {
    await title(page, "Portfolios").waitFor();
    await page.getByRole("form", { name: "New portfolio" }).waitFor();
  },

  /** Creates a portfolio of one's own (no strategy followed) and opens it from the list. */
  async createAndOpen(page: Page, name: string) {
    const form = page.getByRole("form", { name: "New portfolio" });
    await form.getByLabel("Portfolio name").fill(name);
    await form.getByRole("button", { name: "Create portfolio" }).click();
    await page.getByRole("table", { name: "Portfolios" }).getByRole("link", { name, exact: true }).click();
    await page.waitForURL(/\/portfolios\/[^/]+$/);
  },
} satisfies PageHelper & Record<string, unknown>;
