import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export const trackRecordPage: PageHelper = {
  path: "/track-record",
  async ready(page: Page) {
    await title(page, /track record/i).waitFor();
  },
};
