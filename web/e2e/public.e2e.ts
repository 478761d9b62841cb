/**
 * The pages a visitor sees without an account: each loads, passes axe at desktop and phone
 * width, and is recorded; none throws in the browser.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { desktopContext, pageErrors } from "./support/browser";
import { expectNoAccessibilityFindings } from "./support/axe";
import { capture } from "./support/screenshots";
import { useSuite } from "./support/suite";
import { open, type PageHelper } from "./pages/page";
import { landingPage } from "./pages/landing";
import { trackRecordPage } from "./pages/track-record";
import { ledgerPage } from "./pages/ledger";
import { statusPage } from "./pages/status";
import { loginPage } from "./pages/login";
import { registerPage } from "./pages/register";
import { notFoundPage } from "./pages/not-found";

const pages: [string, PageHelper][] = [
  ["landing", landingPage],
  ["track-record", trackRecordPage],
  ["ledger", ledgerPage],
  ["status", statusPage],
  ["login", loginPage],
  ["register", registerPage],
  ["not-found", notFoundPage],
];

describe("public pages", () => {
  const suite = useSuite();
  let page: Page;
  let errors: string[];

  it("opens a visitor's window", async () => {
    const context = await desktopContext(suite.browser, suite.server.url);
    page = await context.newPage();
    errors = pageErrors(page);
  });

  it.each(pages)("%s loads, passes axe and is recorded", async (name, helper) => {
    await open(page, helper);
    await capture(suite.browser, page, name, helper.ready);
  });

  it("the status page reports the server ready", async () => {
    await open(page, statusPage);
    await expect(page.getByRole("heading", { name: /Readiness/ }).textContent()).resolves.toContain("/readyz");
    await page.getByText("ready", { exact: true }).waitFor();
  });

  it("threw no uncaught errors on any page", () => {
    expect(errors).toEqual([]);
  });

  it("every page visited passes axe (no serious or critical violation)", () => {
    expectNoAccessibilityFindings();
  });
});
