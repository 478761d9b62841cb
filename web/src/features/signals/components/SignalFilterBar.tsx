/** The feed's filters. Each change goes to the URL; the symbol waits for a pause in typing. */
import { useEffect, useId, useState } from "react";
import { STATUSES, STRATEGIES, type SignalFilters } from "../filters";
import { outcomeLabel } from "./SignalBits";
import styles from "./signals.module.css";

const CONFIDENCES = [0.5, 0.6, 0.7, 0.8, 0.9];

export function SignalFilterBar({
  filters,
  onChange,
}: {
  filters: SignalFilters;
  onChange: (next: SignalFilters) => void;
}) {
  const id = useId();
  const [symbol, setSymbol] = useState(filters.symbol ?? "");
  // The URL can change under the field (back button, "Clear filters").
  useEffect(() => setSymbol(filters.symbol ?? ""), [filters.symbol]);
  useEffect(() => {
    const wanted = symbol.trim().toUpperCase() || undefined;
    if (wanted === filters.symbol) return;
    const timer = setTimeout(() => onChange({ ...filters, symbol: wanted }), 400);
    return () => clearTimeout(timer);
  }, [symbol, filters, onChange]);

  const set = <K extends keyof SignalFilters>(key: K, value: SignalFilters[K]) =>
    onChange({ ...filters, [key]: value || undefined });

  return (
    <form
      className={styles.filters}
      role="search"
      aria-label="Filter signals"
      onSubmit={(e) => {
        e.preventDefault();
        onChange({ ...filters, symbol: symbol.trim().toUpperCase() || undefined });
      }}
    >
      <div className={styles.filter}>
        <label htmlFor={`${id}-symbol`}>Symbol</label>
        <input
          id={`${id}-symbol`}
          value={symbol}
          onChange={(e) => setSymbol(e.target.value)}
          placeholder="Any"
          autoComplete="off"
          spellCheck={false}
          maxLength={16}
          className={styles.symbolInput}
        />
      </div>
      <div className={styles.filter}>
        <label htmlFor={`${id}-strategy`}>Strategy</label>
        <select
          id={`${id}-strategy`}
          value={filters.strategy ?? ""}
          onChange={(e) => set("strategy", e.target.value)}
        >
          <option value="">Any</option>
          {STRATEGIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.filter}>
        <label htmlFor={`${id}-conf`}>Minimum confidence</label>
        <select
          id={`${id}-conf`}
          value={filters.minConfidence ?? ""}
          onChange={(e) => set("minConfidence", e.target.value ? Number(e.target.value) : undefined)}
        >
          <option value="">Any</option>
          {CONFIDENCES.map((c) => (
            <option key={c} value={c}>
              {Math.round(c * 100)} % or more
            </option>
          ))}
        </select>
      </div>
      <div className={styles.filter}>
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={filters.status ?? ""}
          onChange={(e) => set("status", (e.target.value || undefined) as SignalFilters["status"])}
        >
          <option value="">Any</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {outcomeLabel(s)}
            </option>
          ))}
        </select>
      </div>
      <div className={`${styles.filter} ${styles.check}`}>
        <input
          id={`${id}-watch`}
          type="checkbox"
          checked={filters.watchlist ?? false}
          onChange={(e) => set("watchlist", e.target.checked)}
        />
        <label htmlFor={`${id}-watch`}>Watchlist only</label>
      </div>
      {Object.keys(filters).length > 0 && (
        <button type="button" className="btn btn-small" onClick={() => onChange({})}>
          Clear filters
        </button>
      )}
    </form>
  );
}
