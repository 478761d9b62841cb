import type { Page } from "playwright-core";

interface Mail {
  to_addr: string;
  subject: string;
  body: string;
}

/**
 * The mail a link's path is taken from. Links are built on HARBINGER_PUBLIC_URL, or on the
 * listen address when it is unset, which the suite gives as port 0; so only the path and
 * query are kept and the browser opens them on the server it is talking to.
 */
function pathOf(link: string): string {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}

export const mailbox = {
  /** The newest verification link mailed to `to`, read with the operator's session. */
  async verificationLink(admin: Page, to: string): Promise<string> {
    const answer = await admin.context().request.get("/api/v1/admin/mailbox");
    if (!answer.ok()) throw new Error(`GET /api/v1/admin/mailbox: ${answer.status()} ${await answer.text()}`);
    const mail = ((await answer.json()) as Mail[]).find((m) => m.to_addr === to && /verify-email\?token=/.test(m.body));
    if (!mail) throw new Error(`no verification mail to ${to} in the dev mailbox`);
    return pathOf(/https?:\/\/\S*verify-email\?token=\S+/.exec(mail.body)![0]);
  },
};
