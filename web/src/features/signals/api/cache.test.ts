import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { Signal } from "../filters";
import { mergeSignals, type SignalPages } from "./cache";
import { signalKeys, watchlistKey } from "./keys";

const sig = (id: string, seq: number, extra: Partial<Signal> = {}): Signal => ({
  id,
  ledger_seq: seq,
  hash: `h${seq}`,
  sealed: false,
  issued_at: "2025-01-01T00:00:00Z",
  released_to_free_at: "2025-01-02T00:00:00Z",
  symbol: "AAPL",
  strategy: "sma_cross",
  side: "long",
  confidence: 0.7,
  outcome: null,
  ...extra,
});

const pages = (...lists: Signal[][]): SignalPages => ({
  pages: lists.map((signals) => ({ signals, next_cursor: null })),
  pageParams: lists.map(() => undefined),
});

const ids = (c: QueryClient, key: readonly unknown[]) =>
  c.getQueryData<SignalPages>(key)!.pages.map((p) => p.signals.map((s) => s.id));

describe("mergeSignals", () => {
  it("adds a new signal on top once, however often it arrives", () => {
    const c = new QueryClient();
    const key = signalKeys.list({});
    c.setQueryData(key, pages([sig("b", 2), sig("a", 1)]));
    expect(mergeSignals(c, [sig("c", 3)]).map((s) => s.id)).toEqual(["c"]);
    expect(mergeSignals(c, [sig("c", 3)])).toEqual([]);
    expect(ids(c, key)).toEqual([["c", "b", "a"]]);
  });

  it("replaces a signal in place when its outcome arrives, and drops it where it no longer matches", () => {
    const c = new QueryClient();
    const all = signalKeys.list({});
    const open = signalKeys.list({ status: "open" });
    c.setQueryData(all, pages([sig("b", 2)], [sig("a", 1)]));
    c.setQueryData(open, pages([sig("b", 2), sig("a", 1)]));
    const graded = sig("a", 1, { outcome: { status: "target_hit", return: 0.03 } });
    mergeSignals(c, [graded]);
    expect(ids(c, all)).toEqual([["b"], ["a"]]);
    expect(c.getQueryData<SignalPages>(all)!.pages[1]!.signals[0]!.outcome?.status).toBe("target_hit");
    expect(ids(c, open)).toEqual([["b"]]);
  });

  it("files each signal only under the lists whose filters it meets", () => {
    const c = new QueryClient();
    const msft = signalKeys.list({ symbol: "MSFT" });
    const confident = signalKeys.list({ minConfidence: 0.8 });
    const watched = signalKeys.list({ watchlist: true });
    for (const k of [msft, confident, watched]) c.setQueryData(k, pages([]));
    c.setQueryData(watchlistKey, { symbols: ["AAPL"], limit: 5 });
    mergeSignals(c, [sig("x", 5, { symbol: "MSFT", confidence: 0.9 }), sig("y", 6)]);
    expect(ids(c, msft)).toEqual([["x"]]);
    expect(ids(c, confident)).toEqual([["x"]]);
    expect(ids(c, watched)).toEqual([["y"]]);
  });

  it("keeps a sealed signal out of filtered lists, as the server does", () => {
    const c = new QueryClient();
    c.setQueryData(signalKeys.list({}), pages([]));
    c.setQueryData(signalKeys.list({ symbol: "AAPL" }), pages([]));
    mergeSignals(c, [{ id: "s", ledger_seq: 9, hash: "h", sealed: true, issued_at: "", released_to_free_at: "" }]);
    expect(ids(c, signalKeys.list({}))).toEqual([["s"]]);
    expect(ids(c, signalKeys.list({ symbol: "AAPL" }))).toEqual([[]]);
  });

  it("updates a cached detail", () => {
    const c = new QueryClient();
    c.setQueryData(signalKeys.detail("a"), sig("a", 1));
    mergeSignals(c, [sig("a", 1, { outcome: { status: "stop_hit" } })]);
    expect(c.getQueryData<Signal>(signalKeys.detail("a"))!.outcome?.status).toBe("stop_hit");
  });
});
