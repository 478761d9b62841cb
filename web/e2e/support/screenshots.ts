/**
 * Pictures of each main page at desktop and phone width, kept as run artifacts for people
 * to look at (never compared), and the accessibility check of both shapes on the way.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { checkAccessible } from "./axe";
import { phoneContext } from "./browser";

export const screenshotDir = resolve(import.meta.dirname, "../../e2e-artifacts/screenshots");

export async function screenshot(page: Page, file: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, file), fullPage: true, animations: "disabled" });
}

/**
 * `page` is on the page to record, already loaded (`ready` said so). Saves
 * `<name>-desktop.png`, then opens the same address in a phone-shaped window carrying the
 * same cookies, waits for `ready` there and saves `<name>-phone.png`; axe runs on both
 * (its findings are collected: see `checkAccessible`).
 */
export async function capture(
  browser: Browser,
  page: Page,
  name: string,
  ready: (page: Page) => Promise<void>,
): Promise<void> {
  await checkAccessible(page, `${name} (desktop)`);
  await screenshot(page, `${name}-desktop.png`);

  const base = new URL(page.url()).origin;
  const phone = await phoneContext(browser, base, await page.context().storageState());
  try {
    const small = await phone.newPage();
    await small.goto(page.url());
    await ready(small);
    await checkAccessible(small, `${name} (phone)`);
    await screenshot(small, `${name}-phone.png`);
  } finally {
    await phone.close();
  }
}
