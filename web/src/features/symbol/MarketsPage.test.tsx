import { fireEvent, screen } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "../../test/http";
import { renderApp } from "../../test/render";

const me = () =>
  jsonResponse({ id: "u1", email: "t@example.com", role: "user", plan: "free", api_keys_allowed: 1, created_at: 0, email_verified: true, requests_per_minute: 60, totp_enabled: false });

describe("Markets page", () => {
  beforeAll(() => import("./MarketsPage"));

  it("searches by ticker or name and moves through the results with the arrow keys", async () => {
    const fetch = mockFetch({
      "/api/v1/me": me,
      "/api/v1/symbols": () =>
        jsonResponse({
          items: [
            { symbol: "AAPL", name: "Apple Inc.", asset_class: "equity", currency: "USD" },
            { symbol: "APP", name: "AppLovin", asset_class: "equity", currency: "USD" },
          ],
        }),
    });
    renderApp("/markets");
    const field = await screen.findByLabelText("Search symbols");
    fireEvent.change(field, { target: { value: "app" } });
    const first = await screen.findByRole("link", { name: /AAPL/ });
    expect(first.getAttribute("href")).toBe("/symbols/AAPL");
    // Debounced: one request for the whole word.
    const searches = fetch.mock.calls.filter(([i]) => (i as Request).url.includes("/api/v1/symbols"));
    expect(searches).toHaveLength(1);
    expect((searches[0]![0] as Request).url).toContain("q=app");

    fireEvent.keyDown(field, { key: "ArrowDown" });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first, { key: "ArrowDown" });
    expect(document.activeElement).toBe(screen.getByRole("link", { name: /AppLovin/ }));
    fireEvent.keyDown(document.activeElement!, { key: "ArrowUp" });
    fireEvent.keyDown(document.activeElement!, { key: "ArrowUp" });
    expect(document.activeElement).toBe(field);
  });

  it("says when nothing matches", async () => {
    mockFetch({ "/api/v1/me": me, "/api/v1/symbols": () => jsonResponse({ items: [] }) });
    renderApp("/markets?q=zzz");
    expect(await screen.findByText(/No instrument matches/)).toBeTruthy();
  });
});
