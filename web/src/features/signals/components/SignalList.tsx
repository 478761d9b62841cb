/**
 * The feed: one link per signal, virtualised so thousands of rows scroll as
 * smoothly as ten (only the rows in view, plus a margin, are in the DOM).
 * Older pages load as the reader nears the end.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { formatDateTime, formatPrice } from "../../../lib/format";
import type { Signal } from "../filters";
import { confidenceText, OutcomeBadge, SideLabel } from "./SignalBits";
import styles from "./signals.module.css";

const ROW = 48;
const ROW_NARROW = 88;
const NARROW = "(max-width: 720px)";

function useNarrow(): boolean {
  const query = typeof window !== "undefined" && window.matchMedia ? window.matchMedia(NARROW) : null;
  const [narrow, setNarrow] = useState(query?.matches ?? false);
  useEffect(() => {
    if (!query) return;
    const on = () => setNarrow(query.matches);
    query.addEventListener("change", on);
    return () => query.removeEventListener("change", on);
  }, [query]);
  return narrow;
}

export interface SignalListProps {
  signals: Signal[];
  highlighted: ReadonlySet<string>;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}

export function SignalList({ signals, highlighted, hasMore, loadingMore, onLoadMore }: SignalListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const narrow = useNarrow();
  const size = narrow ? ROW_NARROW : ROW;
  const virtual = useVirtualizer({
    count: signals.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => size,
    overscan: 12,
    getItemKey: (i) => signals[i]?.id ?? i,
    initialRect: { width: 960, height: 640 },
  });
  useEffect(() => virtual.measure(), [size, virtual]);

  const items = virtual.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= signals.length - 20) onLoadMore();
  }, [lastIndex, signals.length, hasMore, loadingMore, onLoadMore]);

  return (
    <div className={styles.feed}>
      <div className={styles.head} aria-hidden="true">
        <span>Symbol</span>
        <span>Side</span>
        <span>Strategy</span>
        <span className={styles.num}>Confidence</span>
        <span className={styles.num}>Entry</span>
        <span className={styles.num}>Stop</span>
        <span className={styles.num}>Target</span>
        <span>Issued</span>
        <span>Outcome</span>
      </div>
      <div ref={scroller} className={styles.scroller}>
        <ul aria-label="Signals" className={styles.list} style={{ height: virtual.getTotalSize() }}>
          {items.map((item) => {
            const s = signals[item.index]!;
            return (
              <li
                key={item.key}
                aria-setsize={hasMore ? -1 : signals.length}
                aria-posinset={item.index + 1}
                className={`${styles.item} ${highlighted.has(s.id) ? styles.fresh : ""}`}
                style={{ height: size, transform: `translateY(${item.start}px)` }}
              >
                <SignalRow signal={s} />
              </li>
            );
          })}
        </ul>
      </div>
      <div className={styles.foot}>
        {hasMore ? (
          <button type="button" className="btn btn-small" onClick={onLoadMore} disabled={loadingMore}>
            {loadingMore ? "Loading older signals…" : "Load older signals"}
          </button>
        ) : (
          <span className="muted">
            {signals.length.toLocaleString()} signal{signals.length === 1 ? "" : "s"}, the oldest reached
          </span>
        )}
      </div>
    </div>
  );
}

/** Words a screen reader needs between the cells; the row's name is its own content. */
function Sr({ children }: { children: string }) {
  return <span className="visually-hidden">{children}</span>;
}

/** One price level: a letter on narrow screens, the word for screen readers. */
function Level({ className, letter, word, price }: { className?: string; letter: string; word: string; price: Signal["entry"] }) {
  return (
    <span className={`${styles.num} ${className ?? ""}`}>
      <span className={styles.short} aria-hidden="true">
        {letter}
      </span>
      <Sr>{`, ${word}`}</Sr> {formatPrice(price)}
    </span>
  );
}

function SignalRow({ signal: s }: { signal: Signal }) {
  if (s.sealed) {
    return (
      <Link to={`/signals/${s.id}`} className={`${styles.row} ${styles.sealed}`}>
        <span className={styles.symbol}>
          Sealed{" "}
          <Sr>signal</Sr> #{s.ledger_seq}
        </span>
        <span className={`mono ${styles.hash}`}>
          <Sr>, hash</Sr>{" "}
          {s.hash.slice(0, 16)}…
        </span>
        <span className={styles.release}>
          <Sr>,</Sr> opens {formatDateTime(s.released_to_free_at)}
        </span>
        <span className={styles.issued}>
          <Sr>, issued</Sr>{" "}
          {formatDateTime(s.issued_at)}
        </span>
        <span className={styles.outcome}>
          <Sr>,</Sr>{" "}
          <OutcomeBadge signal={s} />
        </span>
      </Link>
    );
  }
  return (
    <Link to={`/signals/${s.id}`} className={styles.row}>
      <span className={styles.symbol}>{s.symbol}</span>
      <span className={styles.side}>
        <Sr>,</Sr>{" "}
        <SideLabel side={s.side} />
      </span>
      <span className={styles.strategy}>
        <Sr>,</Sr>{" "}
        {s.strategy}
      </span>
      <span className={`${styles.num} ${styles.conf}`}>
        <Sr>, confidence</Sr>{" "}
        {confidenceText(s.confidence)}
      </span>
      <Level className={styles.entry} letter="E" word="entry" price={s.entry} />
      <Level className={styles.stop} letter="S" word="stop" price={s.stop} />
      <Level className={styles.target} letter="T" word="target" price={s.target} />
      <span className={styles.issued}>
        <Sr>, issued</Sr>{" "}
        {formatDateTime(s.issued_at)}
      </span>
      <span className={styles.outcome}>
        <Sr>,</Sr>{" "}
        <OutcomeBadge signal={s} />
      </span>
    </Link>
  );
}

/** Placeholder rows of the final size while the first page loads. */
export function SignalListSkeleton() {
  return (
    <div className={styles.feed} aria-busy="true" aria-label="Loading signals">
      <div className={styles.head} aria-hidden="true" />
      <div className={styles.scroller}>
        {Array.from({ length: 10 }, (_, i) => (
          <div key={i} className={styles.skeletonRow}>
            <div className="skeleton skeleton-line" />
          </div>
        ))}
      </div>
    </div>
  );
}
