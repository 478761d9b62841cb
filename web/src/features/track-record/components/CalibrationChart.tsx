/**
 * The reliability diagram: for each confidence bucket, the mean confidence given
 * (x) against the share of those signals whose target was hit (y). Points on the
 * diagonal are perfectly calibrated. Live and backtest are separate series, never
 * pooled; the point's area follows the bucket's count, and the table under it gives
 * every number for readers who cannot see the chart.
 */
import { formatNumber, formatPercent } from "../../../lib/format";
import type { Bucket, Calibration } from "../api";
import styles from "../trackRecord.module.css";

export interface CalibrationSeries {
  side: "Live" | "Backtest";
  calibration: Calibration | null;
}

const SIZE = 320;
const PAD = { left: 44, right: 12, top: 12, bottom: 40 };
const W = SIZE - PAD.left - PAD.right;
const H = SIZE - PAD.top - PAD.bottom;
const x = (p: number) => PAD.left + p * W;
const y = (p: number) => PAD.top + (1 - p) * H;
const TICKS = [0, 0.25, 0.5, 0.75, 1];

const filled = (b: Bucket): b is Bucket & { mean_probability: number; hit_rate: number } =>
  b.count > 0 && b.mean_probability !== null && b.hit_rate !== null;

function Series({ s, largest }: { s: CalibrationSeries; largest: number }) {
  const points = (s.calibration?.buckets ?? []).filter(filled);
  if (points.length === 0) return null;
  const live = s.side === "Live";
  const path = points.map((b, i) => `${i ? "L" : "M"}${x(b.mean_probability)},${y(b.hit_rate)}`).join("");
  return (
    <g className={live ? styles.live : styles.backtest}>
      <path d={path} fill="none" strokeWidth={2} strokeDasharray={live ? undefined : "5 4"} />
      {points.map((b) => {
        const r = 3 + 6 * Math.sqrt(b.count / largest);
        const cx = x(b.mean_probability);
        const cy = y(b.hit_rate);
        const title = `${s.side}, confidence ${formatPercent(b.lower, 0)}–${formatPercent(b.upper, 0)}: predicted ${formatPercent(b.mean_probability, 1)}, hit ${formatPercent(b.hit_rate, 1)} of ${formatNumber(b.count, 0)}`;
        return live ? (
          <circle key={b.lower} cx={cx} cy={cy} r={r}>
            <title>{title}</title>
          </circle>
        ) : (
          <rect key={b.lower} x={cx - r} y={cy - r} width={2 * r} height={2 * r} fillOpacity={0.25}>
            <title>{title}</title>
          </rect>
        );
      })}
    </g>
  );
}

function Table({ series }: { series: CalibrationSeries[] }) {
  const buckets = series.find((s) => s.calibration)?.calibration?.buckets ?? [];
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Calibration per confidence bucket">
      <table className="table">
        <caption className="visually-hidden">Calibration per confidence bucket</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>Confidence</th>
            {series.map((s) => (
              <th key={s.side} scope="colgroup" colSpan={3} className="num">{s.side}</th>
            ))}
          </tr>
          <tr>
            {series.map((s) => (
              <FragmentHeads key={s.side} />
            ))}
          </tr>
        </thead>
        <tbody>
          {buckets.map((b, i) => (
            <tr key={b.lower}>
              <th scope="row">
                {formatPercent(b.lower, 0)}–{formatPercent(b.upper, 0)}
              </th>
              {series.map((s) => {
                const c = s.calibration?.buckets[i];
                return [
                  <td key={`${s.side}n`} className="num">{formatNumber(c?.count ?? 0, 0)}</td>,
                  <td key={`${s.side}p`} className="num">{formatPercent(c?.mean_probability, 1)}</td>,
                  <td key={`${s.side}h`} className="num">{formatPercent(c?.hit_rate, 1)}</td>,
                ];
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FragmentHeads() {
  return (
    <>
      <th scope="col" className="num">Signals</th>
      <th scope="col" className="num">Predicted</th>
      <th scope="col" className="num">Hit rate</th>
    </>
  );
}

export function CalibrationChart({ series }: { series: CalibrationSeries[] }) {
  const largest = Math.max(1, ...series.flatMap((s) => (s.calibration?.buckets ?? []).map((b) => b.count)));
  const any = series.some((s) => (s.calibration?.buckets ?? []).some(filled));
  return (
    <figure className={styles.calibration} aria-labelledby="calibration-caption">
      <figcaption id="calibration-caption">Calibration</figcaption>
      {any ? (
        <div className={styles.calibrationBody}>
          <svg viewBox={`0 0 ${SIZE} ${SIZE}`} className={styles.calibrationSvg} aria-hidden="true" focusable="false">
            {TICKS.map((t) => (
              <g key={t} className={styles.grid}>
                <line x1={x(0)} x2={x(1)} y1={y(t)} y2={y(t)} />
                <line x1={x(t)} x2={x(t)} y1={y(0)} y2={y(1)} />
                <text x={x(0) - 6} y={y(t) + 4} textAnchor="end">{formatPercent(t, 0)}</text>
                <text x={x(t)} y={y(0) + 16} textAnchor="middle">{formatPercent(t, 0)}</text>
              </g>
            ))}
            <line className={styles.diagonal} x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} />
            <text className={styles.axis} x={x(0.5)} y={SIZE - 4} textAnchor="middle">Predicted confidence</text>
            <text className={styles.axis} transform={`translate(11 ${y(0.5)}) rotate(-90)`} textAnchor="middle">
              Observed hit rate
            </text>
            {series.map((s) => (
              <Series key={s.side} s={s} largest={largest} />
            ))}
          </svg>
          <ul className={styles.legend}>
            {series.map((s) => (
              <li key={s.side}>
                <span className={`${styles.swatch} ${s.side === "Live" ? styles.live : styles.backtest}`} aria-hidden="true" />
                {s.side}:{" "}
                {s.calibration
                  ? `Brier ${formatNumber(s.calibration.brier, 3)} (always guessing the base rate: ${formatNumber(s.calibration.brier_base_rate, 3)}), ${formatNumber(s.calibration.predictions, 0)} graded`
                  : "nothing graded yet"}
              </li>
            ))}
            <li>
              <span className={`${styles.swatch} ${styles.diagonal}`} aria-hidden="true" />
              Perfect calibration (the diagonal). Larger marks: more signals in the bucket.
            </li>
          </ul>
        </div>
      ) : (
        <p className="empty-state">No graded signals yet: calibration needs outcomes.</p>
      )}
      {any && <Table series={series} />}
    </figure>
  );
}
