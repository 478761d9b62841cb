/**
 * One side of a strategy's record, live or backtest: what it covers, its figures and
 * its equity curve. The two sides go through the same server function, so they are
 * comparable, and each is shown on its own, labelled, never combined.
 */
import type { ReactNode } from "react";
import { TimeChart } from "../../../components/charts/TimeChart";
import { formatNumber, formatPercent } from "../../../lib/format";
import type { TrackStats } from "../api";
import styles from "../trackRecord.module.css";

type Side = "Live" | "Backtest";

function tone(v: number | null | undefined): string | undefined {
  if (v === null || v === undefined || v === 0) return undefined;
  return v > 0 ? "up" : "down";
}

function Stat({ label, children, hint, className }: { label: string; children: ReactNode; hint?: string; className?: string }) {
  return (
    <div className="stat" title={hint}>
      <dt>{label}</dt>
      <dd className={className}>{children}</dd>
    </div>
  );
}

/** Points at distinct times (several signals can exit on one bar): the last value at each. */
export function equityPoints(stats: TrackStats): { time: number; value: number }[] {
  const out: { time: number; value: number }[] = [];
  for (const p of stats.equity) {
    const point = { time: p.time, value: p.equity * 100 };
    if (out.length && out[out.length - 1]!.time === p.time) out[out.length - 1] = point;
    else if (!out.length || out[out.length - 1]!.time < p.time) out.push(point);
  }
  return out;
}

export function StatGrid({ side, stats }: { side: Side; stats: TrackStats }) {
  const c = stats.calibration;
  return (
    <dl className="stat-grid" aria-label={`${side} figures`}>
      <Stat label="Signals">{formatNumber(stats.signals, 0)}</Stat>
      <Stat label="Graded">{formatNumber(stats.graded, 0)}</Stat>
      <Stat label="Win rate" hint="Graded signals with a positive return">
        {formatPercent(stats.win_rate, 1)}
      </Stat>
      <Stat label="Target hit" hint="Graded signals whose target was reached">
        {stats.graded ? formatPercent(stats.target_hits / stats.graded, 1) : "—"}
      </Stat>
      <Stat label="Mean return" className={tone(stats.average_return)}>
        {formatPercent(stats.average_return, 2, true)}
      </Stat>
      <Stat label="Median return" className={tone(stats.median_return)}>
        {formatPercent(stats.median_return, 2, true)}
      </Stat>
      <Stat label="Sharpe (per signal)" hint="Mean over standard deviation of signal returns, not annualised">
        {formatNumber(stats.sharpe, 2)}
      </Stat>
      <Stat label="Max drawdown" hint="Largest fall of the cumulative return below its peak, in return points">
        {formatPercent(stats.max_drawdown, 1)}
      </Stat>
      <Stat label="Total return" hint="Sum of signal returns: one unit staked on each signal" className={tone(stats.total_return)}>
        {formatPercent(stats.total_return, 1, true)}
      </Stat>
      <Stat label="Brier score" hint="Mean squared error of confidence against target hit; lower is better">
        {c ? formatNumber(c.brier, 3) : "—"}
      </Stat>
      <Stat label="Brier skill" hint="1 − Brier / Brier of always forecasting the base rate; above 0 means skill" className={tone(c?.brier_skill)}>
        {c ? formatNumber(c.brier_skill, 3) : "—"}
      </Stat>
    </dl>
  );
}

export function SidePanel({
  side,
  about,
  stats,
  empty,
  children,
}: {
  side: Side;
  about: ReactNode;
  stats: TrackStats | null;
  /** Why there are no figures, when there are none. */
  empty: ReactNode;
  children?: ReactNode;
}) {
  const id = `side-${side.toLowerCase()}`;
  const points = stats ? equityPoints(stats) : [];
  return (
    <section className={`panel ${styles.side}`} aria-labelledby={id}>
      <div className="panel-header">
        <h2 id={id}>{side}</h2>
      </div>
      <div className={styles.about}>{about}</div>
      {stats && stats.graded > 0 ? (
        <>
          <StatGrid side={side} stats={stats} />
          <h3 className={styles.subhead}>Equity curve</h3>
          <p className="muted">Cumulative return, in percentage points, of one unit on each signal, by exit date.</p>
          <TimeChart
            label={`${side} equity curve: cumulative return of one unit per signal, ${formatPercent(stats.total_return, 1, true)} after ${formatNumber(stats.graded, 0)} graded signals`}
            series={[{ id: "equity", label: "%", kind: "area", data: points, color: side === "Live" ? "accent" : "series2" }]}
            height={220}
          />
          {children}
        </>
      ) : (
        <div className="empty-state">{empty}</div>
      )}
    </section>
  );
}
