import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export const registerPage: PageHelper = {
  path: "/register",
  async ready(page: Page) {
    await title(page, /create|register|sign up/i).waitFor();
  },
};
