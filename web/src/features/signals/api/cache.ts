/**
 * Merging signals that arrive outside a list request (the stream, the poller)
 * into the cached pages of every list, so every view of the feed agrees and a
 * signal is never shown twice.
 */
import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { Schemas } from "../../../lib/api/client";
import { matches, type Signal, type SignalFilters } from "../filters";
import { signalKeys, watchlistKey } from "./keys";

export type SignalPage = Schemas["SignalPage"];
export type SignalPages = InfiniteData<SignalPage, string | undefined>;

/**
 * `pages` with `signal` put in its place: replaced where it already is (an
 * outcome, or a release on a delayed plan), removed where it no longer matches,
 * added to the first page, newest (highest ledger seq) first, when it is new.
 */
export function upsert(pages: SignalPages, signal: Signal, belongs: boolean): SignalPages {
  let found = false;
  const next = pages.pages.map((page) => {
    const i = page.signals.findIndex((s) => s.id === signal.id);
    if (i < 0) return page;
    found = true;
    const signals = [...page.signals];
    if (belongs) signals[i] = signal;
    else signals.splice(i, 1);
    return { ...page, signals };
  });
  if (found || !belongs) return found ? { ...pages, pages: next } : pages;
  const [first, ...rest] = next;
  if (!first) return { ...pages, pages: [{ signals: [signal], next_cursor: null }] };
  const signals = [...first.signals];
  let at = signals.findIndex((s) => s.ledger_seq < signal.ledger_seq);
  if (at < 0) at = signals.length;
  signals.splice(at, 0, signal);
  return { ...pages, pages: [{ ...first, signals }, ...rest] };
}

/** Puts `signals` into every cached list (per its filters) and detail. Returns the new ones. */
export function mergeSignals(client: QueryClient, signals: readonly Signal[]): Signal[] {
  if (signals.length === 0) return [];
  const watchlist = client.getQueryData<{ symbols: string[] }>(watchlistKey)?.symbols;
  const fresh = new Map<string, Signal>();
  for (const [key, data] of client.getQueriesData<SignalPages>({ queryKey: signalKeys.lists() })) {
    if (!data) continue;
    const filters = (key[2] ?? {}) as SignalFilters;
    let pages = data;
    for (const s of signals) {
      const known = pages.pages.some((p) => p.signals.some((x) => x.id === s.id));
      // A watchlist-only list cannot judge a signal without the watchlist: the
      // next poll or refetch brings it instead.
      if (filters.watchlist && !watchlist) continue;
      pages = upsert(pages, s, matches(s, filters, watchlist));
      if (!known && pages !== data && pages.pages.some((p) => p.signals.some((x) => x.id === s.id))) {
        fresh.set(s.id, s);
      }
    }
    if (pages !== data) client.setQueryData(key, pages);
  }
  for (const s of signals) {
    if (client.getQueryData(signalKeys.detail(s.id))) client.setQueryData(signalKeys.detail(s.id), s);
  }
  return [...fresh.values()];
}
