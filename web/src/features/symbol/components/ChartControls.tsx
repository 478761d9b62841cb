/** The range switcher and the indicator toggles above the chart. */
import { INDICATORS, type Indicator } from "../overlays";
import { RANGES, type Range } from "../ranges";
import styles from "./symbol.module.css";

export function ChartControls({
  range,
  onRange,
  indicators,
  onIndicators,
  busy,
}: {
  range: Range;
  onRange: (r: Range) => void;
  indicators: ReadonlySet<Indicator>;
  onIndicators: (next: Set<Indicator>) => void;
  busy: boolean;
}) {
  return (
    <div className={styles.controls}>
      <div role="group" aria-label="Range" className={styles.ranges} aria-busy={busy}>
        {RANGES.map((r) => (
          <button
            key={r}
            type="button"
            className={`${styles.rangeBtn} ${r === range ? styles.rangeOn : ""}`}
            aria-pressed={r === range}
            onClick={() => onRange(r)}
          >
            {r}
          </button>
        ))}
      </div>
      <fieldset className={styles.indicators}>
        <legend className="visually-hidden">Indicators</legend>
        {INDICATORS.map((i) => (
          <label key={i.id} className={styles.toggle}>
            <input
              type="checkbox"
              checked={indicators.has(i.id)}
              onChange={(e) => {
                const next = new Set(indicators);
                if (e.target.checked) next.add(i.id);
                else next.delete(i.id);
                onIndicators(next);
              }}
            />
            {i.label}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
