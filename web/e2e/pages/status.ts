import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export const statusPage: PageHelper = {
  path: "/status",
  async ready(page: Page) {
    await title(page, "System status").waitFor();
    // Shown once both /healthz and /readyz have answered.
    await page.getByText(/^Last checked/).waitFor();
  },
};
