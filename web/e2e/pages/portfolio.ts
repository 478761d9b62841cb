import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export interface Transaction {
  date: string;
  side: "Buy" | "Sell" | "Dividend" | "Fee" | "Cash in" | "Cash out";
  symbol: string;
  quantity: string;
  price: string;
  fee: string;
}

const transactions = (page: Page) => page.getByRole("table", { name: "Transactions" });

export const portfolioPage = {
  path: "/portfolios",
  async ready(page: Page) {
    await title(page, /.+/).waitFor();
    await page.getByRole("heading", { name: "Transactions" }).waitFor();
    await transactions(page).or(page.getByText("No transactions yet.")).waitFor();
  },

  transactions,

  async addTransaction(page: Page, tx: Transaction) {
    const form = page.getByRole("form", { name: "Add a transaction" });
    await form.getByLabel("Date").fill(tx.date);
    await form.getByLabel("Side").selectOption({ label: tx.side });
    await form.getByLabel("Symbol").fill(tx.symbol);
    await form.getByLabel("Quantity").fill(tx.quantity);
    await form.getByLabel("Price").fill(tx.price);
    await form.getByLabel("Fee").fill(tx.fee);
    await form.getByRole("button", { name: "Add transaction" }).click();
    // Listed once the server has stored it.
    await transactions(page).getByRole("row").filter({ hasText: tx.symbol }).filter({ hasText: tx.side }).first().waitFor();
  },

  /** Chooses a CSV file for the import (it is sent at once). */
  async importCsv(page: Page, name: string, csv: string) {
    await page.getByLabel("Import CSV").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(csv) });
  },

  rejectedRows: (page: Page) => page.getByRole("table", { name: "Rejected rows" }),

  /** Clicks "Export CSV" and returns the downloaded file's text. */
  async exportCsv(page: Page): Promise<string> {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    const path = await download.path();
    return readFileSync(path, "utf8");
  },
} satisfies PageHelper & Record<string, unknown>;
