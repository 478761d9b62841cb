import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "../../test/http";
import { renderApp } from "../../test/render";

const me = () =>
  jsonResponse({ id: "u1", email: "t@example.com", role: "user", plan: "free", api_keys_allowed: 1, created_at: 0, email_verified: true, requests_per_minute: 60, totp_enabled: false });

function setup(initial: string[], limit: number, refuse = false) {
  let saved = initial;
  const puts: string[][] = [];
  const fetch = mockFetch({
    "/api/v1/me": me,
    "/api/v1/symbols": () =>
      jsonResponse({ items: [{ symbol: "MSFT", name: "Microsoft", asset_class: "equity", currency: "USD" }, { symbol: "AAPL", name: "Apple Inc.", asset_class: "equity", currency: "USD" }] }),
    "/api/v1/watchlist": async () => {
      const req = fetch.mock.calls[fetch.mock.calls.length - 1]![0] as Request;
      if (req.method === "PUT") {
        const body = (await req.json()) as { symbols: string[] };
        puts.push(body.symbols);
        if (refuse) {
          return jsonResponse({ title: "Forbidden", status: 403, detail: "your free plan allows 5 watchlist symbols" }, 403, "application/problem+json");
        }
        saved = body.symbols;
      }
      return jsonResponse({ symbols: saved, limit });
    },
  });
  return puts;
}

describe("Watchlist page", () => {
  beforeAll(() => import("./WatchlistPage"));

  it("lists the symbols with the plan's limit, adds one from the search and removes one", async () => {
    const puts = setup(["AAPL"], 5);
    renderApp("/watchlist");
    expect(await screen.findByRole("heading", { name: "Watchlist" })).toBeTruthy();
    expect(await screen.findByText("1 of 5")).toBeTruthy();
    const list = screen.getByRole("list", { name: "Watched symbols" });
    expect(within(list).getByRole("link", { name: "AAPL" }).getAttribute("href")).toBe("/symbols/AAPL");

    const box = screen.getByRole("combobox", { name: "Add a symbol" });
    fireEvent.change(box, { target: { value: "micro" } });
    await screen.findByRole("option", { name: /MSFT/ });
    // AAPL is already watched, so it is not offered.
    expect(screen.queryByRole("option", { name: /AAPL/ })).toBeNull();
    fireEvent.keyDown(box, { key: "ArrowDown" });
    expect(screen.getByRole("option", { name: /MSFT/ }).getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(box, { key: "Enter" });
    expect(await screen.findByText("2 of 5")).toBeTruthy();
    expect(puts[0]).toEqual(["AAPL", "MSFT"]);

    fireEvent.click(screen.getByRole("button", { name: "Remove AAPL" }));
    expect(await screen.findByText("1 of 5")).toBeTruthy();
    expect(puts[1]).toEqual(["MSFT"]);
  });

  it("at the limit, says so clearly and links to the plans", async () => {
    setup(["A", "B", "C"], 3);
    renderApp("/watchlist");
    expect(await screen.findByText("3 of 3")).toBeTruthy();
    expect(screen.getByText("Your watchlist is full.")).toBeTruthy();
    expect(screen.getByRole("link", { name: "upgrade your plan" }).getAttribute("href")).toBe("/plan");
    expect((screen.getByRole("combobox", { name: "Add a symbol" }) as HTMLInputElement).disabled).toBe(true);
  });

  it("shows the server's refusal", async () => {
    setup(["A"], 5, true);
    renderApp("/watchlist");
    fireEvent.click(await screen.findByRole("button", { name: "Remove A" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("allows 5 watchlist symbols"));
  });

  it("says what to do when it is empty", async () => {
    setup([], 5);
    renderApp("/watchlist");
    expect(await screen.findByText(/Your watchlist is empty/)).toBeTruthy();
  });
});
