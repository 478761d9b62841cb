import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

/**
 * Mailed links are built on HARBINGER_PUBLIC_URL, else on the server's own address; with
 * E2E_SERVE_DIST the browser talks to the front instead, so only the path and query are kept
 * and opened on the address the browser uses.
 */
function pathOf(link: string): string {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}

const section = (page: Page, name: string) =>
  page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name, exact: true });

export const adminPage = {
  path: "/admin/users",
  async ready(page: Page) {
    await title(page, "Admin").waitFor();
    await page.getByRole("table", { name: "Users" }).or(page.getByRole("heading", { name: "Mailbox" })).waitFor();
  },

  async openUsers(page: Page) {
    await section(page, "Users").click();
    await page.getByRole("table", { name: "Users" }).waitFor();
  },

  async openMailbox(page: Page) {
    await section(page, "Mailbox").click();
    await page.getByRole("heading", { name: "Mailbox" }).waitFor();
  },

  /** Changes a user's plan in the Users table and waits for the page to report it saved. */
  async setPlan(page: Page, email: string, plan: string) {
    await page.getByRole("combobox", { name: `Plan for ${email}` }).selectOption(plan);
    await page.getByText(`Saved: plan of ${email} set to ${plan}.`).waitFor();
  },

  /** The verification link in the newest mail to `to`, read on the Mailbox tab. */
  async verificationLink(page: Page, to: string): Promise<string> {
    await page.getByLabel("Recipient").fill(to);
    await page.getByRole("button", { name: "Show", exact: true }).click();
    const mail = page.getByRole("article", { name: "Confirm your Harbinger email" }).first();
    await mail.waitFor();
    const href = await mail.getByRole("link", { name: /verify-email\?token=/ }).getAttribute("href");
    if (!href) throw new Error(`the verification mail to ${to} has no link`);
    return pathOf(href);
  },
} satisfies PageHelper & Record<string, unknown>;
