import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export const trackRecordPage = {
  path: "/track-record",
  async ready(page: Page) {
    await title(page, "Track record").waitFor();
    // Drawn once the figures have loaded.
    await page.getByRole("heading", { name: "Is the confidence honest?" }).waitFor();
  },
} satisfies PageHelper;
