/**
 * `/markets`: find an instrument by ticker or name. The query is debounced and
 * kept in the URL; arrow keys move from the field through the results.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { ErrorMessage } from "../../components/ErrorMessage";
import { PageHeader } from "../../components/PageHeader";
import { Skeleton } from "../../components/QueryState";
import { useSymbolSearch } from "./api/queries";
import styles from "./components/markets.module.css";

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function MarketsPage() {
  const id = useId();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get("q") ?? "");
  const q = useDebounced(text.trim(), 250);
  useEffect(() => {
    setParams(q ? { q } : {}, { replace: true });
  }, [q, setParams]);
  const search = useSymbolSearch(q);
  const field = useRef<HTMLInputElement>(null);
  const results = useRef<HTMLUListElement>(null);
  const items = search.data?.items ?? [];

  const links = () => Array.from(results.current?.querySelectorAll<HTMLAnchorElement>("a") ?? []);
  const move = (e: KeyboardEvent, from: number) => {
    const all = links();
    if (e.key === "ArrowDown" && from < all.length - 1) all[from + 1]?.focus();
    else if (e.key === "ArrowUp") (from <= 0 ? field.current : all[from - 1])?.focus();
    else if (e.key === "Escape") field.current?.focus();
    else return;
    e.preventDefault();
  };

  return (
    <article className="page">
      <PageHeader title="Markets" description="Search instruments by ticker or name, then open one's chart." />
      <form role="search" className={styles.form} onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={`${id}-q`} className={styles.label}>
          Search symbols
        </label>
        <input
          id={`${id}-q`}
          ref={field}
          type="search"
          className={styles.input}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => move(e, -1)}
          placeholder="AAPL, Apple, Microsoft…"
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          aria-describedby={`${id}-hint`}
        />
        <p id={`${id}-hint`} className={styles.hint}>
          Use the down arrow to move through the results.
        </p>
      </form>
      <div aria-live="polite" className="visually-hidden">
        {q && search.data && !search.isPlaceholderData ? `${items.length} result${items.length === 1 ? "" : "s"}` : ""}
      </div>
      {!q ? (
        <div className="empty-state">Type a ticker (AAPL) or part of a name (Apple).</div>
      ) : search.isPending ? (
        <Skeleton lines={6} />
      ) : search.error ? (
        <ErrorMessage error={search.error} onRetry={() => search.refetch()} />
      ) : items.length === 0 ? (
        <div className="empty-state">No instrument matches “{q}”.</div>
      ) : (
        <ul ref={results} className={styles.results} aria-label="Search results" aria-busy={search.isFetching}>
          {items.map((item, i) => (
            <li key={item.symbol}>
              <Link to={`/symbols/${encodeURIComponent(item.symbol)}`} className={styles.result} onKeyDown={(e) => move(e, i)}>
                <span className={styles.ticker}>{item.symbol}</span>
                <span className={styles.name}>{item.name}</span>
                <span className={styles.meta}>
                  {[item.asset_class, item.sector, item.currency].filter(Boolean).join(" · ")}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
