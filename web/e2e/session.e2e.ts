/**
 * A session ended from elsewhere (another device signs out every other session): the page
 * still open notices at its next request, sends the reader to sign in, and brings them back
 * to the page they were on, query included (`?next=`).
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { desktopContext } from "./support/browser";
import { useSuite } from "./support/suite";
import { open } from "./pages/page";
import { loginPage } from "./pages/login";
import { signalsPage } from "./pages/signals";

const USER = { email: "reader@example.com", password: "Patient-orchard-kettle-83" };

describe("a session ended elsewhere", () => {
  const suite = useSuite({ story: true });
  let page: Page;

  /** Another device signs in and signs out every session but its own. */
  async function endSessionElsewhere() {
    const other = await desktopContext(suite.browser, suite.server.url);
    try {
      const login = await other.request.post("/api/v1/auth/login", { data: USER });
      expect(login.status()).toBe(200);
      const ended = await other.request.post("/api/v1/me/sessions/logout-others");
      expect(ended.ok()).toBe(true);
    } finally {
      await other.close();
    }
  }

  it("a reader is signed in on /signals", async () => {
    await suite.server.createUser(USER.email, USER.password);
    // Pro: the feed is a stream, which the server checks the session of at every heartbeat.
    await suite.server.setPlan(USER.email, "pro");
    page = await (await desktopContext(suite.browser, suite.server.url)).newPage();
    await open(page, loginPage);
    await loginPage.signIn(page, USER.email, USER.password);
    await signalsPage.ready(page);
  });

  const here = () => `${new URL(page.url()).pathname}${new URL(page.url()).search}`;

  it("the open page notices by itself and sends them to sign in, naming where they were", async () => {
    await page.goto("/signals?min_confidence=0.6");
    await signalsPage.ready(page);
    await signalsPage.waitForLive(page);
    await endSessionElsewhere();
    // No click: the stream's next heartbeat is refused, and the page follows.
    await page.waitForURL((url) => url.pathname === "/login");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/signals?min_confidence=0.6");
    await loginPage.ready(page);
  });

  it("signing in again returns to that page, filters included", async () => {
    await loginPage.signIn(page, USER.email, USER.password);
    expect(here()).toBe("/signals?min_confidence=0.6");
    await signalsPage.ready(page);
    await signalsPage.waitForLive(page);
  });

  it("a page loaded after the session ended goes through sign-in and back too", async () => {
    await endSessionElsewhere();
    await page.goto("/plan");
    await page.waitForURL((url) => url.pathname === "/login");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/plan");
    await loginPage.signIn(page, USER.email, USER.password);
    expect(here()).toBe("/plan");
  });
});
