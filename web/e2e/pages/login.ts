import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export const loginPage: PageHelper = {
  path: "/login",
  async ready(page: Page) {
    await title(page, /sign in|log ?in/i).waitFor();
  },
};
