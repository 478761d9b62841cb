import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export const registerPage = {
  path: "/register",
  async ready(page: Page) {
    await title(page, "Create account").waitFor();
  },

  /** Creates the account and waits for the "check your email" answer. */
  async register(page: Page, email: string, password: string) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    await title(page, "Check your email").waitFor();
    await page.getByRole("status").filter({ hasText: "Check your email to verify your address" }).waitFor();
  },
} satisfies PageHelper & Record<string, unknown>;
