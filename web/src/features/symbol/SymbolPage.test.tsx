import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { TimeChartProps } from "../../components/charts/TimeChart";
import { jsonResponse, mockFetch } from "../../test/http";
import { renderApp } from "../../test/render";

const charts: TimeChartProps[] = [];
vi.mock("../../components/charts/TimeChart", () => ({
  TimeChart: (props: TimeChartProps) => {
    charts.push(props);
    return <div role="img" aria-label={props.label} />;
  },
}));

const DAY = 86_400;
const me = () =>
  jsonResponse({ id: "u1", email: "t@example.com", role: "user", plan: "free", api_keys_allowed: 1, created_at: 0, email_verified: true, requests_per_minute: 60, totp_enabled: false });
// Bundled history that ended in 2013: recent ranges come back empty.
const end = Date.UTC(2013, 2, 1) / 1000;
const history = Array.from({ length: 600 }, (_, i) => ({
  time: end - (599 - i) * DAY, date: "", open: 100 + i, high: 102 + i, low: 99 + i, close: 101 + i, volume: 1000, source: "replay",
}));
const url = (i: unknown) => (i instanceof Request ? i.url : String(i));

function setup(watch: string[] = [], limit = 5) {
  let saved = watch;
  const fetch = mockFetch({
    "/api/v1/me": me,
    "/api/v1/symbols": () => jsonResponse({ items: [{ symbol: "AAPL", name: "Apple Inc.", asset_class: "equity", currency: "USD" }] }),
    "/api/v1/market/AAPL/bars": () => {
      const u = new URL(url(fetch.mock.calls[fetch.mock.calls.length - 1]![0]));
      const bars = u.searchParams.has("from") ? [] : history;
      return jsonResponse({ symbol: "AAPL", interval: "1d", bars, as_of: bars.length ? end : null, stale: true, synced_at: null });
    },
    "/api/v1/signals": () =>
      jsonResponse({
        next_cursor: null,
        signals: [{ id: "s1", sealed: false, symbol: "AAPL", side: "long", strategy: "ml", confidence: 0.6, bar_time: new Date((end - 10 * DAY) * 1000).toISOString(), issued_at: "2013-02-19T21:00:00Z", entry: 1, ledger_seq: 1, hash: "h", released_to_free_at: "2013-02-20T21:00:00Z", outcome: null }],
      }),
    "/api/v1/watchlist": () => {
      const req = fetch.mock.calls[fetch.mock.calls.length - 1]![0] as Request;
      if (req.method === "PUT") {
        return req.json().then((b: { symbols: string[] }) => {
          saved = b.symbols;
          return jsonResponse({ symbols: saved, limit });
        });
      }
      return jsonResponse({ symbols: saved, limit });
    },
  });
  return fetch;
}

const lastChart = () => charts[charts.length - 1]!;

describe("Symbol page", () => {
  beforeAll(() => import("./SymbolPage"));

  it("charts the range counted back from the symbol's last bar, with its signals and freshness", async () => {
    setup();
    renderApp("/symbols/aapl");
    expect(await screen.findByRole("heading", { name: "AAPL" })).toBeTruthy();
    await screen.findByRole("img", { name: /^Price chart of AAPL/ });
    expect(screen.getByRole("button", { name: "1Y" }).getAttribute("aria-pressed")).toBe("true");
    // 1Y back from the last bar of a 600-day history.
    expect(lastChart().candles!.length).toBeGreaterThan(360);
    expect(lastChart().candles!.length).toBeLessThan(370);
    expect(lastChart().markers).toEqual([expect.objectContaining({ time: end - 10 * DAY, shape: "arrowUp" })]);
    expect(lastChart().series!.map((s) => s.id)).toEqual(["sma"]);
    expect(screen.getByText(/Stale · as of/)).toBeTruthy();
    expect(await screen.findByText("Apple Inc.", { exact: false })).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Max" }));
    await waitFor(() => expect(lastChart().candles).toHaveLength(600));
    expect(screen.getByRole("button", { name: "Max" }).getAttribute("aria-pressed")).toBe("true");
    for (const r of ["1M", "3M", "6M", "5Y"]) expect(screen.getByRole("button", { name: r })).toBeTruthy();
  });

  it("adds RSI and MACD panes and Bollinger bands when toggled", async () => {
    setup();
    renderApp("/symbols/AAPL?range=Max");
    await screen.findByRole("img", { name: /^Price chart/ });
    fireEvent.click(screen.getByLabelText("RSI 14"));
    fireEvent.click(screen.getByLabelText("MACD 12, 26, 9"));
    fireEvent.click(screen.getByLabelText("Bollinger 20, 2"));
    await waitFor(() => expect(lastChart().series!.some((s) => s.id === "macd")).toBe(true));
    const s = lastChart().series!;
    expect(s.find((x) => x.id === "rsi")!.pane).toBe(1);
    expect(s.find((x) => x.id === "macd")!.pane).toBe(2);
    expect(s.filter((x) => x.id.startsWith("bb")).length).toBe(3);
    expect(lastChart().paneLevels).toEqual({ 1: [30, 70], 2: [0] });
    // RSI starts after its 14-bar warm-up.
    expect(s.find((x) => x.id === "rsi")!.data[0]!.time).toBe(history[14]!.time);
  });

  it("adds to and removes from the watchlist", async () => {
    setup(["MSFT"]);
    renderApp("/symbols/AAPL");
    const add = await screen.findByRole("button", { name: "Add to watchlist" });
    await waitFor(() => expect((add as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(add);
    const remove = await screen.findByRole("button", { name: "Remove from watchlist" });
    fireEvent.click(remove);
    expect(await screen.findByRole("button", { name: "Add to watchlist" })).toBeTruthy();
  });

  it("at the plan's limit, says so and links to the plans", async () => {
    setup(["A", "B", "C"], 3);
    renderApp("/symbols/AAPL");
    expect(await screen.findByText(/Your watchlist is full \(3 of 3\)/)).toBeTruthy();
    expect((screen.getByRole("button", { name: "Add to watchlist" }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole("link", { name: "Upgrade" }).getAttribute("href")).toBe("/plan");
  });
});
