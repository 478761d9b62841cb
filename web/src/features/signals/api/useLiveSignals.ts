/**
 * Keeps the signal lists current: over the stream on plans that include it,
 * by polling the newest page otherwise (and while the stream is down). New
 * signals are merged into the cache, briefly highlighted and announced.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { sessionKey } from "../../../lib/session";
import type { Signal, SignalFilters } from "../filters";
import { mergeSignals } from "./cache";
import { fetchSignalPage } from "./queries";
import { SignalStream, streamUrl, type StreamStatus } from "./stream";

export type FeedStatus = "connecting" | "live" | "reconnecting" | "polling";

/** How long a new row stays highlighted. */
const HIGHLIGHT_MS = 4_000;
/** Polling period on a plan without the stream, and while the stream is down. */
export const POLL_MS = 60_000;
export const FALLBACK_POLL_MS = 15_000;

export interface LiveSignals {
  status: FeedStatus;
  /** Why the stream is off when the server ended it. */
  detail?: string;
  highlighted: ReadonlySet<string>;
  /** The last polite announcement ("New signal: AAPL long"). */
  announcement: string;
}

function describe(fresh: Signal[]): string {
  if (fresh.length === 1) {
    const s = fresh[0]!;
    return s.sealed
      ? "New sealed signal"
      : `New signal: ${s.symbol} ${s.side}, ${Math.round((s.confidence ?? 0) * 100)} % confidence`;
  }
  return `${fresh.length} new signals`;
}

/**
 * `streamAllowed`: the plan's `websocket_connections` > 0 (undefined while the
 * plan is loading). `filters`: the list on screen, which the poller refreshes.
 */
export function useLiveSignals(streamAllowed: boolean | undefined, filters: SignalFilters): LiveSignals {
  const client = useQueryClient();
  const [streamStatus, setStreamStatus] = useState<StreamStatus>("connecting");
  const [detail, setDetail] = useState<string>();
  const [highlighted, setHighlighted] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState("");
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  const filtersRef = useRef(filters);
  filtersRef.current = filters;

  const arrived = useCallback(
    (signals: Signal[]) => {
      const fresh = mergeSignals(client, signals);
      if (fresh.length === 0) return;
      setAnnouncement(describe(fresh));
      const ids = fresh.map((s) => s.id);
      setHighlighted((prev) => new Set([...prev, ...ids]));
      const timer = setTimeout(() => {
        timers.current.delete(timer);
        setHighlighted((prev) => {
          const next = new Set(prev);
          for (const id of ids) next.delete(id);
          return next;
        });
      }, HIGHLIGHT_MS);
      timers.current.add(timer);
    },
    [client],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const t of pending) clearTimeout(t);
      pending.clear();
    };
  }, []);

  useEffect(() => {
    if (!streamAllowed) return;
    const stream = new SignalStream({
      url: (after) => streamUrl(after),
      onStatus: (status, why) => {
        setStreamStatus(status);
        if (status === "stopped") {
          setDetail(why);
          // Signed out or downgraded: the session says which, and the page follows.
          void client.invalidateQueries({ queryKey: sessionKey });
        }
      },
      onConnected: (resumed) => {
        // A fresh stream starts at the moment it connects: what was issued
        // between the list's request and now comes from the newest page, merged
        // (not refetched, which could drop a signal the stream just delivered).
        if (!resumed) {
          fetchSignalPage(filtersRef.current, undefined, 50).then(
            (page) => arrived(page.signals),
            () => {},
          );
        }
      },
      onMessage: (msg) => {
        if (msg.type === "signal" || msg.type === "outcome") arrived([msg.data]);
      },
    });
    stream.start();
    return () => stream.stop();
  }, [streamAllowed, client, arrived]);

  const status: FeedStatus =
    streamAllowed === undefined
      ? "connecting"
      : !streamAllowed || streamStatus === "stopped"
        ? "polling"
        : streamStatus;

  // Poll the newest page whenever the stream is not carrying the feed.
  const pollEvery =
    status === "polling" ? POLL_MS : status === "reconnecting" ? FALLBACK_POLL_MS : undefined;
  const filtersKey = JSON.stringify(filters);
  useEffect(() => {
    if (!pollEvery) return;
    const current = JSON.parse(filtersKey) as SignalFilters;
    const timer = setInterval(() => {
      fetchSignalPage(current, undefined, 50).then(
        (page) => arrived(page.signals),
        () => {
          // A failed poll is retried at the next tick; the list keeps what it has.
        },
      );
    }, pollEvery);
    return () => clearInterval(timer);
  }, [pollEvery, filtersKey, arrived]);

  return { status, detail, highlighted, announcement };
}
