import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { jsonResponse, mockFetch } from "../../test/http";
import { renderApp } from "../../test/render";
import type { Signal } from "./filters";

const me = (plan: string) => () =>
  jsonResponse({
    id: "u1", email: "t@example.com", role: "user", plan, api_keys_allowed: 1, created_at: 0,
    email_verified: true, requests_per_minute: 60, totp_enabled: false,
  });
const plans = () =>
  jsonResponse({
    billing: { checkout: false, portal: false },
    plans: [
      { id: "free", signal_delay_hours: 24, websocket_connections: 0, watchlist_symbols: 5, ai_notes_per_day: 0 },
      { id: "pro", signal_delay_hours: 0, websocket_connections: 2, watchlist_symbols: 100, ai_notes_per_day: 20 },
    ],
  });

let seq = 100;
export const signal = (symbol: string, extra: Partial<Signal> = {}): Signal => ({
  id: `id-${symbol}-${++seq}`, sealed: false, symbol, strategy: "sma_cross", side: "long",
  issued_at: "2025-03-03T14:30:00Z", bar_time: "2025-03-03T00:00:00Z", entry: 100, stop: 95, target: 110,
  confidence: 0.72, ledger_seq: seq, hash: `hash${seq}`, released_to_free_at: "2025-03-04T14:30:00Z",
  outcome: null, ...extra,
});
const sealed = (n: number): Signal => ({
  id: `sealed-${n}`, sealed: true, ledger_seq: n, hash: "abcdef0123456789abcdef", issued_at: "2025-03-05T10:00:00Z",
  released_to_free_at: "2025-03-06T10:00:00Z",
});

/** A WebSocket the test drives: one per connection the page opens. */
class FakeWebSocket {
  static all: FakeWebSocket[] = [];
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onclose: ((e: CloseEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  sent: string[] = [];
  constructor(readonly url: string) {
    FakeWebSocket.all.push(this);
  }
  send(d: string) { this.sent.push(d); }
  close() {}
  push(msg: object) {
    act(() => this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(msg) })));
  }
}

const urls = (fetch: ReturnType<typeof mockFetch>) =>
  fetch.mock.calls.map(([i]) => (i instanceof Request ? i.url : String(i)));

describe("Signals page", () => {
  // The page is a lazy chunk: load it once up front so each test's wait is for data only.
  beforeAll(() => import("./SignalsPage"));
  beforeEach(() => {
    FakeWebSocket.all = [];
    vi.stubGlobal("WebSocket", FakeWebSocket);
    // jsdom has no layout: give the virtualised list a viewport.
    vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(700);
    vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(1000);
  });
  afterEach(() => vi.useRealTimers());

  it("on the free plan, polls, says signals are delayed, and marks sealed ones", async () => {
    mockFetch({
      "/api/v1/me": me("free"),
      "/api/v1/plans": plans,
      "/api/v1/signals": () =>
        jsonResponse({ signals: [sealed(7), signal("AAPL", { outcome: { status: "target_hit", return: 0.1 } })], next_cursor: null }),
    });
    renderApp("/signals");
    const list = await screen.findByRole("list", { name: "Signals" });
    const links = within(list).getAllByRole("link");
    // Each row is named by its own content (no aria-label that could drift from what is seen).
    expect(within(list).getByRole("link", { name: /^Sealed signal #7\b/ })).toBe(links[0]);
    expect(links[0]!.getAttribute("aria-label")).toBeNull();
    expect(within(links[0]!).getByText("Sealed")).toBeTruthy();
    expect(within(list).getByRole("link", { name: /^AAPL, Long, sma_cross, confidence 72/ })).toBe(links[1]);
    expect(links[1]!.textContent).toContain("Long");
    expect(links[1]!.textContent).toContain("72");
    expect(links[1]!.textContent).toContain("Target hit");
    expect(links[1]!.getAttribute("href")).toMatch(/^\/signals\/id-AAPL-/);
    await waitFor(() => expect(screen.getByLabelText("Stream status").textContent).toContain("Polling"));
    expect(screen.getByText(/Signals are delayed on the free plan/)).toBeTruthy();
    expect(FakeWebSocket.all).toHaveLength(0);
  });

  it("on Pro, goes live over the stream and adds new signals once, announced politely", async () => {
    const msft = signal("MSFT");
    mockFetch({
      "/api/v1/me": me("pro"),
      "/api/v1/plans": plans,
      "/api/v1/signals": () => jsonResponse({ signals: [msft], next_cursor: null }),
    });
    renderApp("/signals");
    await screen.findByRole("list", { name: "Signals" });
    await waitFor(() => expect(FakeWebSocket.all).toHaveLength(1));
    const ws = FakeWebSocket.all[0]!;
    expect(ws.url).toMatch(/\/api\/v1\/stream$/);
    act(() => ws.onopen?.(new Event("open")));
    expect(JSON.parse(ws.sent[0]!)).toEqual({ op: "subscribe", channels: ["signals"] });
    ws.push({ type: "heartbeat", seq: 200, data: { time: "", channels: ["signals"] } });
    expect(screen.getByLabelText("Stream status").textContent).toContain("Live");

    const fresh = signal("NVDA", { ledger_seq: 201, side: "short" });
    ws.push({ type: "signal", seq: 201, data: fresh });
    ws.push({ type: "signal", seq: 201, data: fresh });
    const list = screen.getByRole("list", { name: "Signals" });
    await waitFor(() => expect(within(list).getAllByRole("link")[0]!.textContent).toMatch(/^NVDA/));
    expect(within(list).getAllByRole("link", { name: /^NVDA/ })).toHaveLength(1);
    expect(within(list).getAllByRole("link")[0]!.textContent).toContain("Short");
    expect(document.querySelector("[aria-live=polite]")!.textContent).toContain("New signal: NVDA short");
    expect(document.activeElement).toBe(document.body);

    // An outcome updates the row in place.
    ws.push({ type: "outcome", seq: 202, data: { ...fresh, outcome: { status: "stop_hit", return: -0.05 } } });
    await waitFor(() => expect(within(list).getAllByRole("link")[0]!.textContent).toContain("Stop hit"));
  });

  it("keeps the filters in the URL and sends them to the API", async () => {
    const fetch = mockFetch({
      "/api/v1/me": me("pro"),
      "/api/v1/plans": plans,
      "/api/v1/watchlist": () => jsonResponse({ symbols: ["AAPL"], limit: 100 }),
      "/api/v1/signals": () => jsonResponse({ signals: [], next_cursor: null }),
    });
    renderApp("/signals?symbol=aapl&min_confidence=0.7");
    expect(await screen.findByText(/No signal matches these filters/)).toBeTruthy();
    expect((screen.getByLabelText("Symbol") as HTMLInputElement).value).toBe("AAPL");
    expect((screen.getByLabelText("Minimum confidence") as HTMLSelectElement).value).toBe("0.7");
    expect(urls(fetch).some((u) => u.includes("symbol=AAPL") && u.includes("min_confidence=0.7"))).toBe(true);

    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "open" } });
    fireEvent.change(screen.getByLabelText("Strategy"), { target: { value: "ml" } });
    fireEvent.click(screen.getByLabelText("Watchlist only"));
    await waitFor(() =>
      expect(
        urls(fetch).some((u) => u.includes("status=open") && u.includes("strategy=ml") && u.includes("watchlist=true")),
      ).toBe(true),
    );
    fireEvent.click(screen.getAllByRole("button", { name: "Clear filters" })[0]!);
    await waitFor(() => expect((screen.getByLabelText("Symbol") as HTMLInputElement).value).toBe(""));
  });

  it("renders only the rows in view of a long feed", async () => {
    const many = Array.from({ length: 1500 }, (_, i) => signal(`S${i}`));
    mockFetch({
      "/api/v1/me": me("free"),
      "/api/v1/plans": plans,
      "/api/v1/signals": () => jsonResponse({ signals: many, next_cursor: null }),
    });
    renderApp("/signals");
    const list = await screen.findByRole("list", { name: "Signals" });
    const rows = within(list).getAllByRole("listitem");
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0]!.getAttribute("aria-setsize")).toBe("1500");
  });

  it("shows the server's problem when the list fails", async () => {
    mockFetch({
      "/api/v1/me": me("free"),
      "/api/v1/plans": plans,
      "/api/v1/signals": () =>
        jsonResponse({ title: "Bad Request", status: 400, detail: "cursor: pass next_cursor" }, 400, "application/problem+json"),
    });
    renderApp("/signals");
    expect((await screen.findByRole("alert")).textContent).toContain("cursor: pass next_cursor");
  });
});
