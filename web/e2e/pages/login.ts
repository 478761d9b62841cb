import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export const loginPage = {
  path: "/login",
  async ready(page: Page) {
    await title(page, "Sign in").waitFor();
    await page.getByLabel("Email").waitFor();
  },

  /** Fills the first step; with two-factor on, the page then asks for the code. */
  async submitPassword(page: Page, email: string, password: string) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
  },

  /** Signs in without two-factor and waits to leave the sign-in page. */
  async signIn(page: Page, email: string, password: string) {
    await loginPage.submitPassword(page, email, password);
    await page.waitForURL((url) => url.pathname !== "/login");
  },

  /** The second step, shown when two-factor is on: the code field. */
  codeField: (page: Page) => page.getByLabel("Authentication code"),

  /** Answers the second step and waits to leave the sign-in page. */
  async enterCode(page: Page, code: string) {
    await loginPage.codeField(page).fill(code);
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL((url) => url.pathname !== "/login");
  },
} satisfies PageHelper & Record<string, unknown>;
