import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { jsonResponse, me, mockFetch } from "../../test/api";
import { renderApp } from "../../test/render";
import { leaveFor } from "./api/billing";

function plan(id: string, watchlist: number, portfolios: number, keys: number) {
  return {
    id,
    signal_delay_hours: id === "free" ? 24 : 0,
    watchlist_symbols: watchlist,
    portfolios,
    api_keys: keys,
    requests_per_minute: keys * 60,
    ai_notes_per_day: id === "free" ? 0 : 20,
    ai_tokens_per_day: id === "free" ? 0 : 100_000,
    backtest_symbols: 0,
    websocket_connections: 0,
    csv_export: id !== "free",
  };
}

function routes(billing = { checkout: false, portal: false }, meOver: Parameters<typeof me>[0] = {}) {
  return {
    "/api/v1/me": () => jsonResponse(me(meOver)),
    "/api/v1/plans": () =>
      jsonResponse({
        plans: [plan("free", 5, 1, 0), plan("pro", 7, 10, 2), plan("quant", 1000, 100, 10)],
        billing,
      }),
    "/api/v1/billing/usage": () =>
      jsonResponse({
        plan: "pro",
        day: "2026-12-07",
        ai_notes_today: { used: 3, limit: 20 },
        ai_tokens_today: { used: 4_200, limit: 100_000 },
        api_keys: { used: 1, limit: 2 },
        watchlist_symbols: { used: 7, limit: 7 },
        portfolios: { used: 2, limit: 10 },
      }),
  };
}

/** The "Your plan" and "In use" cells of one row. */
function cells(table: HTMLElement, label: string) {
  const r = within(table).getByRole("rowheader", { name: label }).closest("tr")!;
  return within(r).getAllByRole("cell").map((c) => c.textContent);
}

describe("plan page", () => {
  // Load the lazily routed page once up front: on a busy machine the first
  // import can outlast a query's default timeout.
  beforeAll(async () => {
    await import("./PlanPage");
  });

  it("shows the plan, the server's limits and the usage the API reports", async () => {
    mockFetch(routes());
    renderApp("/plan");
    expect(await screen.findByRole("heading", { level: 1, name: "Your plan" })).toBeTruthy();
    const table = await screen.findByRole("table", { name: "Limits and usage" });
    await waitFor(() => expect(cells(table, "Watchlist symbols")).toEqual(["7", "7 At limit"]));
    await waitFor(() => expect(cells(table, "Portfolios")).toEqual(["10", "2"]));
    await waitFor(() => expect(cells(table, "API keys")).toEqual(["2", "1"]));
    expect(cells(table, "AI research notes")).toEqual(["20 per day", "3"]);
    expect(cells(table, "AI tokens")[1]).toMatch(/^4.?200$/);
    expect(cells(table, "API rate")[1]).toBe("not measured");
    expect(screen.getByText(/set by an operator/)).toBeTruthy();
  });

  it("says plainly that billing is not online when the server does not offer it", async () => {
    mockFetch(routes());
    renderApp("/plan");
    expect(
      await screen.findByText("Online billing is not configured on this server; an operator can change your plan."),
    ).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Upgrade/ })).toBeNull();
    expect(screen.queryByRole("button", { name: "Manage billing" })).toBeNull();
  });

  it("offers an upgrade to each higher plan when checkout is offered, and goes to Stripe", async () => {
    const go = vi.spyOn(leaveFor, "go").mockImplementation(() => {});
    const fetch = mockFetch({
      ...routes({ checkout: true, portal: false }),
      "/api/v1/billing/checkout": () => jsonResponse({ url: "https://checkout.stripe.test/c/1" }),
    });
    renderApp("/plan");
    const upgrade = await screen.findByRole("button", { name: "Upgrade to Quant" });
    expect(screen.queryByRole("button", { name: "Upgrade to Free" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Upgrade to Pro" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Manage billing" })).toBeNull();

    fireEvent.click(upgrade);
    await waitFor(() => expect(go).toHaveBeenCalledWith("https://checkout.stripe.test/c/1"));
    const call = fetch.mock.calls.map((c) => c[0] as Request).find((r) => r.url.endsWith("/checkout"))!;
    expect(call.method).toBe("POST");
    expect(await call.clone().json()).toEqual({ plan: "quant" });
  });

  it("offers Manage billing when the portal is offered, and shows the server's refusal", async () => {
    mockFetch({
      ...routes({ checkout: false, portal: true }),
      "/api/v1/billing/portal": () =>
        jsonResponse(
          { type: "about:blank", title: "Conflict", status: 409, detail: "no Stripe customer for this account" },
          409,
          "application/problem+json",
        ),
    });
    renderApp("/plan");
    fireEvent.click(await screen.findByRole("button", { name: "Manage billing" }));
    expect((await screen.findByRole("alert")).textContent).toContain("no Stripe customer for this account");
    expect(screen.queryByRole("button", { name: /Upgrade/ })).toBeNull();
  });

  it("explains a past-due subscription", async () => {
    mockFetch(routes(undefined, { billing_status: "past_due" }));
    renderApp("/plan");
    expect(await screen.findByText("Payment overdue")).toBeTruthy();
    expect(screen.getByText(/Paid features are paused until it goes through/)).toBeTruthy();
  });
});
