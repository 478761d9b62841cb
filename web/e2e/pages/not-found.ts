import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export const notFoundPage: PageHelper = {
  path: "/no-such-page",
  async ready(page: Page) {
    await title(page, "Not found").waitFor();
  },
};
