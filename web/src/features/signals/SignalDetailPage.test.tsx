import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { TimeChartProps } from "../../components/charts/TimeChart";
import { jsonResponse, mockFetch, type Route } from "../../test/http";
import { renderApp } from "../../test/render";

// jsdom cannot draw: the chart's inputs are what is checked.
const charts: TimeChartProps[] = [];
vi.mock("../../components/charts/TimeChart", () => ({
  TimeChart: (props: TimeChartProps) => {
    charts.push(props);
    return <div role="img" aria-label={props.label} />;
  },
}));

const me = (plan: string) => () =>
  jsonResponse({ id: "u1", email: "t@example.com", role: "user", plan, api_keys_allowed: 1, created_at: 0, email_verified: true, requests_per_minute: 60, totp_enabled: false });
const plans = () =>
  jsonResponse({
    billing: { checkout: false, portal: false },
    plans: [
      { id: "free", signal_delay_hours: 24, websocket_connections: 0, ai_notes_per_day: 0 },
      { id: "pro", signal_delay_hours: 0, websocket_connections: 2, ai_notes_per_day: 20 },
    ],
  });
const DAY = 86_400;
const t0 = Date.UTC(2024, 0, 2) / 1000;
const signal = {
  id: "sig-1", sealed: false, symbol: "AAPL", strategy: "ml", model_version: "ml-7f3a", side: "long",
  issued_at: "2024-01-02T21:00:00Z", bar_time: "2024-01-02T00:00:00Z", entry: 185, stop: 180, target: 195,
  horizon_bars: 10, confidence: 0.64, price_source: "replay", ledger_seq: 42, hash: "ab".repeat(32),
  released_to_free_at: "2024-01-03T21:00:00Z",
  drivers: [{ name: "rsi_14", value: 31.5, weight: 0.4 }, { name: "sma_gap", value: -0.02, weight: -0.1 }],
  outcome: { status: "target_hit", exit_price: 195, exit_time: "2024-01-09T00:00:00Z", return: 0.054, ledger_seq: 57 },
};
const bars = () =>
  jsonResponse({
    symbol: "AAPL", interval: "1d", stale: false, as_of: t0 + 20 * DAY,
    bars: Array.from({ length: 21 }, (_, i) => ({ time: t0 - DAY + i * DAY, date: "", open: 1, high: 2, low: 0.5, close: 1.5, volume: 10, source: "replay" })),
  });
const explanation = () =>
  jsonResponse({ signal_id: "sig-1", summary: "ml issued a long signal on AAPL.", confidence_basis: "the model's calibrated probability", drivers: [], sources: [], research_note_status: "none" });
const noNote = () => jsonResponse({ title: "Not Found", status: 404, detail: "nobody asked" }, 404, "application/problem+json");

function routes(plan: string, research: Route = noNote) {
  return mockFetch({
    "/api/v1/me": me(plan),
    "/api/v1/plans": plans,
    "/api/v1/signals/sig-1": () => jsonResponse(signal),
    "/api/v1/signals/sig-1/explanation": explanation,
    "/api/v1/signals/sig-1/research": research,
    "/api/v1/market/AAPL/bars": bars,
  });
}

describe("Signal detail page", () => {
  beforeAll(() => import("./SignalDetailPage"));

  it("shows the signal, its chart with levels and markers, drivers, confidence basis and ledger", async () => {
    routes("pro");
    renderApp("/signals/sig-1");
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toContain("AAPL");
    const chart = await screen.findByRole("img", { name: /^Price chart/ });
    expect(chart).toBeTruthy();
    const props = charts[charts.length - 1]!;
    expect(props.levels?.map((l) => [l.title, l.price])).toEqual([["Entry", 185], ["Stop", 180], ["Target", 195]]);
    expect(props.markers?.map((m) => [m.time, m.text])).toEqual([[t0, "Long"], [t0 + 7 * DAY, "Target"]]);
    expect(screen.getByRole("rowheader", { name: "rsi_14" })).toBeTruthy();
    expect(await screen.findByText(/the model's calibrated probability/)).toBeTruthy();
    expect(screen.getByText("ml-7f3a")).toBeTruthy();
    expect(screen.getByText("ab".repeat(32))).toBeTruthy();
    expect(screen.getByRole("link", { name: "#42" }).getAttribute("href")).toBe("/ledger?after_seq=41");
    expect(screen.getByText("Target hit")).toBeTruthy();
  });

  it("asks for a research note and shows the server's refusal", async () => {
    const fetch = routes("pro", () => {
      const req = fetch.mock.calls[fetch.mock.calls.length - 1]![0] as Request;
      return req.method === "POST"
        ? jsonResponse({ title: "Too Many Requests", status: 429, detail: "today's research budget is spent (20 of 20 notes)" }, 429, "application/problem+json")
        : noNote();
    });
    renderApp("/signals/sig-1");
    fireEvent.click(await screen.findByRole("button", { name: "Request research note" }));
    await waitFor(() => expect(screen.getByText(/today's research budget is spent/)).toBeTruthy());
    expect(screen.getByRole("link", { name: "Compare plans" }).getAttribute("href")).toBe("/plan");
  });

  it("shows a ready note with its claims linked to their sources", async () => {
    routes("pro", () =>
      jsonResponse({
        signal_id: "sig-1", status: "ready", tokens: 100, requested_at: "2024-01-03T00:00:00Z", updated_at: "2024-01-03T00:01:00Z",
        note: { summary: "Momentum turned.", claims: [{ text: "RSI left oversold.", sources: [{ url: "https://example.com/rsi", title: "RSI primer" }] }], citations: [{ url: "javascript:alert(1)", title: "bad" }] },
      }),
    );
    renderApp("/signals/sig-1");
    expect(await screen.findByText("Momentum turned.")).toBeTruthy();
    expect(screen.getByRole("link", { name: "RSI primer" }).getAttribute("href")).toBe("https://example.com/rsi");
    expect(screen.queryByRole("link", { name: "bad" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Request research note" })).toBeNull();
  });

  it("on the free plan, says research notes are not included and links to the plans", async () => {
    routes("free");
    renderApp("/signals/sig-1");
    const button = await screen.findByRole("button", { name: "Request research note" });
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(true));
    expect(screen.getByText(/not part of the free plan/)).toBeTruthy();
  });
});
