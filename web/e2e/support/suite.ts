/**
 * The frame every spec file shares: one server and one browser for the file, torn down
 * after it, and the server's log printed under any failing test (a page that shows an
 * error often has its cause there).
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./browser";
import { screenshot } from "./screenshots";
import { startServer, type Server } from "./server";

export interface Suite {
  server: Server;
  browser: Browser;
}

/**
 * `story`: the file's tests are steps of one story, so after a failed step the rest are
 * reported as skipped instead of each failing on the state the failed step never made.
 */
export function useSuite({ story = false } = {}): Suite {
  const suite = {} as Suite;
  let broken = false;
  beforeAll(async () => {
    suite.server = await startServer();
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  beforeEach(({ onTestFailed, skip, task }) => {
    if (story && broken) skip("an earlier step failed");
    onTestFailed(async () => {
      broken = true;
      // What every open window showed when the step failed, next to the other pictures.
      const pages = suite.browser?.contexts().flatMap((c) => c.pages()) ?? [];
      const slug = task.name.replace(/\W+/g, "-").slice(0, 60);
      for (const [i, page] of pages.entries()) {
        await screenshot(page, `failed-${slug}-${i + 1}.png`).catch(() => undefined);
      }
      const log = suite.server?.stderr().trim();
      if (log) console.error(`harbinger serve's stderr (last 4000 characters):\n${log.slice(-4000)}`);
    });
  });
  return suite;
}
