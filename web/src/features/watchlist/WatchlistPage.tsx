/**
 * `/watchlist`: the symbols the reader follows (they filter the signals feed),
 * how many the plan allows, and adding or removing one.
 */
import { Link } from "react-router";
import { ErrorMessage } from "../../components/ErrorMessage";
import { PageHeader } from "../../components/PageHeader";
import { QueryState, Skeleton } from "../../components/QueryState";
import { useSaveWatchlist, useWatchlist } from "./api/queries";
import { AddSymbol } from "./components/AddSymbol";
import styles from "./components/watchlist.module.css";

export function WatchlistPage() {
  const list = useWatchlist();
  const save = useSaveWatchlist();
  const symbols = list.data?.symbols ?? [];
  const limit = list.data?.limit ?? 0;
  const full = list.data !== undefined && symbols.length >= limit;

  return (
    <article className="page">
      <PageHeader
        title="Watchlist"
        description={
          <>
            The symbols you follow. <Link to="/signals?watchlist=true">See their signals</Link>.
          </>
        }
      />
      <div className={styles.top}>
        <p className={styles.count} aria-live="polite">
          {list.data ? (
            <>
              <strong>
                {symbols.length} of {limit}
              </strong>{" "}
              symbols your plan allows
            </>
          ) : (
            <span className="skeleton" style={{ display: "inline-block", width: 180, height: 16 }} />
          )}
        </p>
        <AddSymbol
          disabled={!list.data || full || save.isPending}
          exclude={symbols}
          onAdd={(s) => save.mutate([...symbols, s])}
        />
      </div>
      {full && (
        <div className="alert alert-info" role="status">
          <strong>Your watchlist is full.</strong>
          <p>
            Your plan allows {limit} symbols. Remove one to add another, or <Link to="/plan">upgrade your plan</Link> for
            more.
          </p>
        </div>
      )}
      {save.error && <ErrorMessage error={save.error} />}
      <QueryState
        query={list}
        skeleton={<Skeleton lines={4} />}
        isEmpty={(d) => d.symbols.length === 0}
        empty="Your watchlist is empty. Add a symbol above, or from any symbol's page."
      >
        {(d) => (
          <ul className={styles.list} aria-label="Watched symbols">
            {d.symbols.map((s) => (
              <li key={s} className={styles.item}>
                <Link to={`/symbols/${encodeURIComponent(s)}`} className={styles.symbol}>
                  {s}
                </Link>
                <Link to={`/signals?symbol=${encodeURIComponent(s)}`} className={styles.sub}>
                  Signals
                </Link>
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={`Remove ${s}`}
                  disabled={save.isPending}
                  onClick={() => save.mutate(d.symbols.filter((x) => x !== s))}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </article>
  );
}
