import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export const ledgerPage: PageHelper = {
  path: "/ledger",
  async ready(page: Page) {
    await title(page, /ledger/i).waitFor();
  },
};
