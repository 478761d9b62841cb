/** Adds the symbol to the watchlist or removes it; at the plan's limit, says so and links to the plans. */
import { Link } from "react-router";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { useSaveWatchlist, useWatchlist } from "../api/queries";
import styles from "./symbol.module.css";

export function WatchToggle({ symbol }: { symbol: string }) {
  const list = useWatchlist();
  const save = useSaveWatchlist();
  const symbols = list.data?.symbols ?? [];
  const watching = symbols.includes(symbol);
  const full = list.data !== undefined && !watching && symbols.length >= list.data.limit;
  return (
    <div className={styles.watch}>
      <button
        type="button"
        className={watching ? "btn" : "btn btn-primary"}
        aria-pressed={watching}
        disabled={list.isPending || save.isPending || full}
        aria-describedby={full ? `${symbol}-watch-full` : undefined}
        onClick={() => save.mutate(watching ? symbols.filter((s) => s !== symbol) : [...symbols, symbol])}
      >
        <span aria-hidden="true">{watching ? "★ " : "☆ "}</span>
        {watching ? "Remove from watchlist" : "Add to watchlist"}
      </button>
      {full && (
        <p id={`${symbol}-watch-full`} className={styles.note}>
          Your watchlist is full ({symbols.length} of {list.data!.limit}). <Link to="/plan">Upgrade</Link> or{" "}
          <Link to="/watchlist">remove a symbol</Link>.
        </p>
      )}
      {save.error && <ErrorMessage error={save.error} />}
    </div>
  );
}
