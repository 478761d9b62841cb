import { screen, within } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import { jsonResponse, me, mockFetch, signedOut } from "../../test/api";
import { renderApp } from "../../test/render";

const signedIn = () => jsonResponse(me());

function plan(id: string, over: Record<string, unknown> = {}) {
  return {
    id,
    signal_delay_hours: 0,
    watchlist_symbols: 100,
    portfolios: 10,
    api_keys: 1,
    requests_per_minute: 60,
    ai_notes_per_day: 20,
    ai_tokens_per_day: 100000,
    backtest_symbols: 10,
    websocket_connections: 2,
    csv_export: true,
    ...over,
  };
}

function plansBody(freeOver: Record<string, unknown> = {}) {
  return {
    plans: [
      plan("free", {
        signal_delay_hours: 24,
        watchlist_symbols: 5,
        portfolios: 1,
        api_keys: 0,
        ai_notes_per_day: 0,
        backtest_symbols: 0,
        websocket_connections: 0,
        csv_export: false,
        ...freeOver,
      }),
      plan("pro"),
      plan("quant", { watchlist_symbols: 1000, api_keys: 10, requests_per_minute: 600 }),
    ],
    billing: { checkout: false, portal: false },
  };
}

async function planArticle(name: string) {
  const section = await screen.findByRole("region", { name: "Plans" });
  return within(section).findByRole("article", { name });
}

describe("landing page", () => {
  // Load the lazily routed page once up front: on a busy machine the first
  // import can outlast a query's default timeout.
  beforeAll(async () => {
    await import("./LandingPage");
  });

  it("says what Harbinger is, and offers sign-up to visitors", async () => {
    mockFetch({ "/api/v1/me": signedOut, "/api/v1/plans": () => jsonResponse(plansBody()) });
    renderApp("/");
    expect(await screen.findByRole("heading", { level: 1 })).toBeTruthy();
    expect(screen.getByRole("link", { name: "See the track record" }).getAttribute("href")).toBe(
      "/track-record",
    );
    expect(screen.getByRole("link", { name: "Verify the ledger" }).getAttribute("href")).toBe("/ledger");
    // The shell's header has its own "Create account"; the hero has one too.
    expect(screen.getAllByRole("link", { name: "Create account" }).length).toBeGreaterThan(0);
    expect(screen.queryByRole("link", { name: "Go to signals" })).toBeNull();
  });

  it("renders each plan with the limits the server returns", async () => {
    mockFetch({ "/api/v1/me": signedOut, "/api/v1/plans": () => jsonResponse(plansBody()) });
    renderApp("/");
    const free = await planArticle("Free");
    expect(within(free).getByText("Delayed 24 hours")).toBeTruthy();
    expect(within(free).getByText("5 symbols")).toBeTruthy();
    expect(within(free).getByText("No API keys")).toBeTruthy();
    const quant = await planArticle("Quant");
    expect(within(quant).getByText("1,000 symbols")).toBeTruthy();
    expect(within(quant).getByText("10 keys, 600 requests/min")).toBeTruthy();
    expect(await planArticle("Pro")).toBeTruthy();
  });

  it("changes with the server's configuration (nothing is hard-coded)", async () => {
    mockFetch({
      "/api/v1/me": signedOut,
      "/api/v1/plans": () =>
        jsonResponse(plansBody({ signal_delay_hours: 6, watchlist_symbols: 7, ai_notes_per_day: 3 })),
    });
    renderApp("/");
    const free = await planArticle("Free");
    expect(within(free).getByText("Delayed 6 hours")).toBeTruthy();
    expect(within(free).getByText("7 symbols")).toBeTruthy();
    expect(within(free).getByText("3 per day")).toBeTruthy();
    expect(within(free).queryByText("5 symbols")).toBeNull();
  });

  it("shows the server's problem when the plans cannot be read", async () => {
    mockFetch({
      "/api/v1/me": signedOut,
      "/api/v1/plans": () =>
        jsonResponse(
          { type: "about:blank", title: "Service Unavailable", status: 503, detail: "database is down" },
          503,
          "application/problem+json",
        ),
    });
    renderApp("/");
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("database is down");
  });

  it("offers a signed-in user their signals and marks their plan", async () => {
    mockFetch({ "/api/v1/me": signedIn, "/api/v1/plans": () => jsonResponse(plansBody()) });
    renderApp("/");
    expect(await screen.findByRole("link", { name: "Go to signals" })).toBeTruthy();
    const pro = await planArticle("Pro");
    expect(within(pro).getByText("Your plan")).toBeTruthy();
    const hero = screen.getByRole("heading", { level: 1 }).parentElement!;
    expect(within(hero).queryByRole("link", { name: "Create account" })).toBeNull();
  });
});
