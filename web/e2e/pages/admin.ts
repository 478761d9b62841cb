import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

/**
 * Links are built on HARBINGER_PUBLIC_URL, or on the listen address when it is unset, which
 * the suite gives as port 0 (`http://127.0.0.1:0/…`); so only the path and query are kept
 * and the browser opens them on the server it is talking to.
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
