import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export const landingPage: PageHelper = {
  path: "/",
  async ready(page: Page) {
    await title(page, /.+/).waitFor();
  },
};
