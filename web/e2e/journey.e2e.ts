/**
 * One subscriber's story against one server, step by step (each step needs the ones before):
 * sign up, verify the address from the dev mailbox, sign in, watch a signal arrive live,
 * and on through the pages a subscriber uses. Every main page is recorded at desktop and
 * phone width and checked with axe on the way.
 */
import { describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { checkAccessible, expectNoAccessibilityFindings } from "./support/axe";
import { desktopContext, pageErrors } from "./support/browser";
import { capture } from "./support/screenshots";
import { useSuite } from "./support/suite";
import { nextCode } from "./support/totp";
import { open, signOut } from "./pages/page";
import { accountPage } from "./pages/account";
import { adminPage } from "./pages/admin";
import { backtestPage, backtestsPage } from "./pages/backtests";
import { ledgerPage } from "./pages/ledger";
import { loginPage } from "./pages/login";
import { planPage } from "./pages/plan";
import { portfolioPage } from "./pages/portfolio";
import { portfoliosPage } from "./pages/portfolios";
import { registerPage } from "./pages/register";
import { signalDetailPage } from "./pages/signal-detail";
import { signalsPage } from "./pages/signals";
import { symbolPage } from "./pages/symbol";
import { verifyEmailPage } from "./pages/verify-email";
import { watchlistPage } from "./pages/watchlist";

const ADMIN = { email: "admin@example.com", password: "Operator-lantern-5521" };
const USER = { email: "trader@example.com", password: "Quiet-harbor-lantern-47" };

describe("a subscriber's journey", () => {
  const suite = useSuite({ story: true });
  let user: BrowserContext;
  let page: Page;
  let admin: Page;
  let errors: string[];
  let symbol = "";
  let twoFactor: { secret: string; usedAt: number };

  it("an operator account exists and is signed in", async () => {
    await suite.server.createUser(ADMIN.email, ADMIN.password, "admin");
    admin = await (await desktopContext(suite.browser, suite.server.url)).newPage();
    await open(admin, loginPage);
    await loginPage.signIn(admin, ADMIN.email, ADMIN.password);
  });

  it("signs up on the register page", async () => {
    user = await desktopContext(suite.browser, suite.server.url);
    page = await user.newPage();
    errors = pageErrors(page);
    await open(page, registerPage);
    await registerPage.register(page, USER.email, USER.password);
  });

  it("verifies the address with the link from the dev mailbox", async () => {
    await open(admin, adminPage);
    await adminPage.openMailbox(admin);
    const link = await adminPage.verificationLink(admin, USER.email);
    await checkAccessible(admin, "admin mailbox");
    await page.goto(link);
    await verifyEmailPage.confirmed(page);
    await checkAccessible(page, "verify-email");
  });

  it("signs in, and on the Free plan the feed is delayed and sealed", async () => {
    await open(page, loginPage);
    await loginPage.signIn(page, USER.email, USER.password);
    await signalsPage.ready(page);
    await signalsPage.streamStatus(page).filter({ hasText: "Polling" }).waitFor();
    await page.getByText("Signals are delayed on the free plan.").waitFor();
    await signalsPage.list(page).getByRole("link", { name: /^Sealed signal #\d+/ }).first().waitFor();
  });

  it("on Pro, sees a live signal arrive on the signals page", async () => {
    // Set by the operator's CLI: the live stream is a paid feature.
    await suite.server.setPlan(USER.email, "pro");
    await open(page, signalsPage);
    await signalsPage.waitForLive(page);
    const said = await signalsPage.waitForArrival(page);
    symbol = /^New signal: (\S+)/.exec(said)?.[1] ?? "";
    await capture(suite.browser, page, "signals", signalsPage.ready);
  });

  it("opens the signal's detail and its chart", async () => {
    await signalsPage.openSignal(page, symbol || undefined);
    await signalDetailPage.readyWithChart(page);
    const heading = await page.getByRole("heading", { level: 1 }).textContent();
    symbol = heading?.split(" ")[0] ?? symbol;
    expect(symbol).toMatch(/^[A-Z0-9.^-]+$/);
    await capture(suite.browser, page, "signal-detail", signalDetailPage.readyWithChart);
  });

  it("follows the chart link to the symbol's page and adds the symbol to the watchlist", async () => {
    await signalDetailPage.openSymbol(page, symbol);
    await symbolPage.ready(page);
    await symbolPage.addToWatchlist(page);
    await capture(suite.browser, page, "symbol", symbolPage.ready);
    await open(page, watchlistPage);
    await watchlistPage.expectWatching(page, symbol);
    await capture(suite.browser, page, "watchlist", watchlistPage.ready);
  });

  it("creates a portfolio and adds a transaction by hand", async () => {
    await open(page, portfoliosPage);
    await checkAccessible(page, "portfolios");
    await portfoliosPage.createAndOpen(page, "Long term");
    await portfolioPage.ready(page);
    await portfolioPage.addTransaction(page, {
      date: "2024-01-02",
      side: "Buy",
      symbol,
      quantity: "10",
      price: "150",
      fee: "1",
    });
  });

  it("imports a CSV: a bad row is named and nothing stored; the corrected file imports", async () => {
    const header = "date,symbol,side,quantity,price,fee";
    const good = `2024-01-03,${symbol},buy,5,151,0`;
    await portfolioPage.importCsv(page, "bad.csv", `${header}\n${good}\n2024-01-04,${symbol},hold,1,152,0\n`);
    const rejected = portfolioPage.rejectedRows(page);
    await rejected.waitFor();
    // Line 3 of the file (the header is line 1), and the reason names the bad field.
    await rejected
      .getByRole("row")
      .filter({ has: page.getByRole("cell", { name: "3", exact: true }) })
      .filter({ hasText: /side/i })
      .waitFor();
    await expect(portfolioPage.transactions(page).getByRole("row").count()).resolves.toBe(2);

    await portfolioPage.importCsv(page, "fixed.csv", `${header}\n${good}\n2024-01-04,${symbol},sell,1,152,0\n`);
    await page.getByText("Imported 2 transactions.").waitFor();
    await rejected.waitFor({ state: "detached" });
    // The header and three transactions, once the list has been read again.
    await portfolioPage.transactions(page).getByRole("row").nth(3).waitFor();
    await expect(portfolioPage.transactions(page).getByRole("row").count()).resolves.toBe(4);
  });

  it("exports the portfolio as CSV", async () => {
    const csv = await portfolioPage.exportCsv(page);
    const [head, ...rows] = csv.trim().split(/\r?\n/);
    expect(head).toBe("portfolio,date,symbol,side,quantity,price,fee");
    expect(rows).toHaveLength(3);
    await capture(suite.browser, page, "portfolio", portfolioPage.ready);
  });

  it("runs a backtest and waits for its result", async () => {
    await open(page, backtestsPage);
    await checkAccessible(page, "backtests");
    await backtestsPage.run(page, { strategy: "SMA cross", symbols: symbol, from: "2005-01-03", to: "2010-12-31" });
    await backtestPage.ready(page);
    await expect(backtestPage.status(page).textContent()).resolves.toMatch(/^Done/);
    await page.getByRole("heading", { name: "Metrics" }).waitFor();
    await capture(suite.browser, page, "backtest", backtestPage.ready);
  });

  it("creates an API key, shown once, that works as a bearer token", async () => {
    await open(page, accountPage);
    const key = await accountPage.createApiKey(page, "trading bot");
    const me = await fetch(`${suite.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe(USER.email);
  });

  it("turns on two-factor authentication with a code computed from the shown key", async () => {
    twoFactor = await accountPage.turnOnTwoFactor(page, USER.password);
    await capture(suite.browser, page, "account", accountPage.ready);
  });

  it("signs out, and signs in again with an authentication code", async () => {
    await signOut(page);
    await open(page, loginPage);
    await loginPage.submitPassword(page, USER.email, USER.password);
    await loginPage.codeField(page).waitFor();
    await checkAccessible(page, "login, second step");
    await loginPage.enterCode(page, await nextCode(twoFactor.secret, twoFactor.usedAt));
    await signalsPage.ready(page);
  });

  it("verifies the ledger in the browser", async () => {
    await open(page, ledgerPage);
    await ledgerPage.verifyInBrowser(page);
    await expect(ledgerPage.verdict(page).textContent()).resolves.toBe("Verified");
    await capture(suite.browser, page, "ledger-verified", ledgerPage.ready);
  });

  it("an operator changes the subscriber's plan on the Users page, and the subscriber sees it", async () => {
    await open(admin, adminPage);
    await adminPage.openUsers(admin);
    await adminPage.setPlan(admin, USER.email, "quant");
    await capture(suite.browser, admin, "admin", adminPage.ready);
    await open(page, planPage);
    await planPage.current(page).filter({ hasText: "Quant" }).waitFor();
    await capture(suite.browser, page, "plan", planPage.ready);
  });

  it("threw no uncaught errors in the subscriber's pages", () => {
    expect(errors).toEqual([]);
  });

  it("every page visited passes axe (no serious or critical violation)", () => {
    expectNoAccessibilityFindings();
  });
});
