import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";
import { fakeApi, jsonResponse } from "../../test/api";
import { renderWithProviders } from "../../test/render";
import { AuditTab } from "./audit/AuditTab";
import { JobsTab } from "./jobs/JobsTab";
import { MailboxTab } from "./mailbox/MailboxTab";
import { ProvidersTab } from "./providers/ProvidersTab";

function auditRow(seq: number, prevHash: string, hash: string, over: Record<string, unknown> = {}) {
  return {
    seq,
    id: `0190a0b0-0000-7000-8000-0000000000${String(seq).padStart(2, "0")}`,
    ts: 1_700_000_000_000 + seq,
    actor_type: "user",
    actor_id: "u1",
    ip: "127.0.0.1",
    user_agent: null,
    request_id: null,
    action: "authn_login_success",
    target_type: null,
    target_id: null,
    outcome: "success",
    reason: null,
    metadata: "{}",
    prev_hash: prevHash,
    hash,
    ...over,
  };
}

describe("audit log tab", () => {
const intact = () =>
    jsonResponse({
      intact: true,
      rows: 2,
      checkpoints: 0,
      head_seq: 2,
      first_bad_seq: null,
      problem: null,
      signatures_checked: true,
    });

  it("lists entries, says whether the whole chain verifies, and sends the filters", async () => {
    const api = fakeApi({
      "GET /api/v1/admin/audit": () =>
        jsonResponse([auditRow(1, "00", "aa"), auditRow(2, "aa", "bb", { outcome: "failure", reason: "bad password" })]),
      "GET /api/v1/admin/audit/verify": intact,
    });
    renderWithProviders(
      <Routes>
        <Route path="/admin/audit" element={<AuditTab />} />
      </Routes>,
      "/admin/audit",
    );
    const table = await screen.findByRole("table", { name: "Audit log entries" });
    expect(within(table).getAllByRole("row")).toHaveLength(3);
    expect(within(table).getByText("bad password")).toBeTruthy();
    const integrity = screen.getByRole("status", { name: "Audit log integrity" });
    await waitFor(() => expect(integrity.textContent).toContain("Intact"));
    expect(integrity.textContent).toContain("2 rows up to seq 2");

    fireEvent.change(screen.getByRole("combobox", { name: "Action" }), { target: { value: "plan_change" } });
    fireEvent.click(screen.getByRole("button", { name: "Apply" }));
    await waitFor(() =>
      expect(api.seen().filter((r) => r.includes("/audit?")).at(-1)).toBe(
        "GET /api/v1/admin/audit?action=plan_change&limit=50",
      ),
    );
  });

  it("names the first bad seq when the server finds the chain broken", async () => {
    fakeApi({
      "GET /api/v1/admin/audit": () => jsonResponse([auditRow(7, "00", "aa"), auditRow(8, "aa", "bb")]),
      "GET /api/v1/admin/audit/verify": () =>
        jsonResponse({
          intact: false,
          rows: null,
          checkpoints: null,
          head_seq: null,
          first_bad_seq: 8,
          problem: "seq 8: content does not match its hash (the row was altered)",
          signatures_checked: true,
        }),
    });
    renderWithProviders(<AuditTab />, "/admin/audit");
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("at seq 8");
    expect(alert.textContent).toContain("the row was altered");
  });
});

describe("jobs, providers and mailbox tabs", () => {
  it("shows job counts", async () => {
    fakeApi(() => jsonResponse({ queued: 3, running: 1, done: 1234, dead: 2 }));
    renderWithProviders(<JobsTab />);
    expect(await screen.findByText("1,234")).toBeTruthy();
    expect(screen.getByText("Attention")).toBeTruthy();
    expect(screen.getByText(/individual recent jobs are not listed/)).toBeTruthy();
  });

  it("shows each provider's breaker in words and colour, and its last success", async () => {
    fakeApi(() =>
      jsonResponse([
        { provider: "replay", breaker: "closed", consecutive_failures: 0, errors_total: 0, skipped_open: 0, last_success_ms: Date.now() - 120_000 },
        { provider: "yahoo", breaker: "open", consecutive_failures: 5, errors_total: 9, skipped_open: 3, last_success_ms: null },
      ]),
    );
    renderWithProviders(<ProvidersTab />);
    const table = await screen.findByRole("table", { name: "Market-data providers" });
    const yahoo = within(table).getByRole("rowheader", { name: "yahoo" }).closest("tr")!;
    expect(within(yahoo).getByText("Open · skipped").className).toContain("badge-fail");
    expect(within(yahoo).getByText("never")).toBeTruthy();
    const replay = within(table).getByRole("rowheader", { name: "replay" }).closest("tr")!;
    expect(within(replay).getByText("Closed · in use").className).toContain("badge-ok");
    expect(within(replay).getByText("2 minutes ago")).toBeTruthy();
  });

  it("shows mail as articles with clickable links, and says when there is none", async () => {
    fakeApi((_req, url) =>
      url.searchParams.get("to")
        ? jsonResponse([])
        : jsonResponse([
            {
              id: "m1",
              to_addr: "trader@example.com",
              subject: "Verify your email",
              body: "Open http://127.0.0.1:8080/verify-email?token=abc.\nThanks.",
              created_at: Date.now() - 5_000,
            },
          ]),
    );
    renderWithProviders(
      <Routes>
        <Route path="/admin/mailbox" element={<MailboxTab />} />
      </Routes>,
      "/admin/mailbox",
    );
    const mail = await screen.findByRole("article", { name: "Verify your email" });
    const link = within(mail).getByRole("link");
    expect(link.getAttribute("href")).toBe("http://127.0.0.1:8080/verify-email?token=abc");
    expect(within(mail).getByText(/To trader@example.com/)).toBeTruthy();

    fireEvent.change(screen.getByLabelText("Recipient"), { target: { value: "nobody@example.com" } });
    fireEvent.click(screen.getByRole("button", { name: "Show" }));
    expect(await screen.findByText("No mail to nobody@example.com.")).toBeTruthy();
  });
});
