import { formatMoney, formatPercent } from "../../../lib/format";
import type { PortfolioDetail } from "../api/portfolios";
import styles from "../portfolios.module.css";

/** Slice colours: the theme's series colours, then muted for the rest. */
const COLOURS = ["var(--series-1)", "var(--series-2)", "var(--series-3)", "var(--series-4)", "var(--accent)", "var(--up)", "var(--down)"];

interface Slice {
  label: string;
  weight: number;
  weightText: string | null | undefined;
  value: string | null | undefined;
  colour: string;
}

function slices(detail: PortfolioDetail): Slice[] {
  const rows = detail.positions
    .filter((p) => p.priced && p.weight)
    .map((p) => ({ label: p.symbol, weightText: p.weight, value: p.market_value }));
  if (detail.cash_weight) rows.push({ label: "Cash", weightText: detail.cash_weight, value: detail.cash });
  return rows.map((r, i) => ({
    ...r,
    // Geometry only: the weights come from the server, nothing is totalled here.
    weight: Math.max(0, Number(r.weightText)),
    colour: r.label === "Cash" ? "var(--text-muted)" : COLOURS[i % COLOURS.length]!,
  }));
}

const R = 70;
const C = 2 * Math.PI * R;

/**
 * Allocation as a plain SVG donut (one stroked circle per slice, offset along the ring) and
 * the same figures as a table, which is what screen readers get.
 */
export function AllocationChart({ detail }: { detail: PortfolioDetail }) {
  const parts = slices(detail);
  if (parts.length === 0) {
    return <p className="empty-state">Nothing to allocate yet.</p>;
  }
  let offset = 0;
  return (
    <div className={styles.allocation}>
      <svg viewBox="0 0 180 180" className={styles.donut} aria-hidden="true" focusable="false">
        <circle cx="90" cy="90" r={R} fill="none" stroke="var(--border)" strokeWidth="28" />
        {parts.map((s) => {
          const len = Math.min(1, s.weight) * C;
          const el = (
            <circle
              key={s.label}
              cx="90"
              cy="90"
              r={R}
              fill="none"
              stroke={s.colour}
              strokeWidth="28"
              strokeDasharray={`${len} ${C - len}`}
              strokeDashoffset={-offset}
              transform="rotate(-90 90 90)"
            />
          );
          offset += len;
          return el;
        })}
      </svg>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Allocation table">
        <table className="table" aria-label="Allocation">
          <thead>
            <tr>
              <th scope="col">Holding</th>
              <th scope="col" className="num">Value</th>
              <th scope="col" className="num">Weight</th>
            </tr>
          </thead>
          <tbody>
            {parts.map((s) => (
              <tr key={s.label}>
                <th scope="row" className={styles.rowHead}>
                  <span className={styles.swatch} style={{ background: s.colour }} aria-hidden="true" />
                  {s.label}
                </th>
                <td className="num">{formatMoney(s.value, detail.base_currency)}</td>
                <td className="num">{formatPercent(s.weightText, 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
