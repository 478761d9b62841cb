import type { Page } from "playwright-core";

/** What every page helper offers: where the page lives and how to tell it has loaded. */
export interface PageHelper {
  path: string;
  ready(page: Page): Promise<void>;
}

/** Goes to the page and waits until it has loaded. */
export async function open(page: Page, helper: PageHelper, path = helper.path): Promise<void> {
  await page.goto(path);
  await helper.ready(page);
}

/** The page's title heading; stubs and real pages alike have exactly one h1. */
export const title = (page: Page, name: string | RegExp) =>
  page.getByRole("heading", { level: 1, name });

/** The header's sign-out button, on every page; the app goes home afterwards. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("link", { name: "Sign in" }).first().waitFor();
}
