/**
 * One Chromium per spec file (Debian's, through playwright-core: nothing is downloaded), and
 * the two window shapes every page is seen in.
 */
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    // No sandbox in containers; no GPU, updates, sync or background traffic on a test machine.
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

const common: BrowserContextOptions = {
  acceptDownloads: true,
  reducedMotion: "reduce",
  locale: "en-US",
  timezoneId: "UTC",
};

export const desktopShape: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
export const phoneShape: BrowserContextOptions = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

async function context(browser: Browser, baseURL: string, shape: BrowserContextOptions, storageState?: StorageState) {
  const ctx = await browser.newContext({ ...common, ...shape, baseURL, ...(storageState ? { storageState } : {}) });
  ctx.setDefaultTimeout(15_000);
  return ctx;
}

export const desktopContext = (browser: Browser, baseURL: string, state?: StorageState) =>
  context(browser, baseURL, desktopShape, state);
export const phoneContext = (browser: Browser, baseURL: string, state?: StorageState) =>
  context(browser, baseURL, phoneShape, state);

/**
 * Uncaught exceptions in the page, kept so a spec can fail on them: a page that throws
 * often still renders, and the error would otherwise go unseen.
 */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(`${page.url()}: ${err.message}`));
  return errors;
}
