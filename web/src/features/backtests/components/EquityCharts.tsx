import { useId, useMemo, useState } from "react";
import { TimeChart, type SeriesSpec } from "../../../components/charts/TimeChart";
import { formatBarDate, formatPercent } from "../../../lib/format";
import { drawdown, type Report } from "../report";
import styles from "../backtests.module.css";

/**
 * Equity on the main pane and its drawdown in a pane below, for one symbol at a time (each
 * symbol is its own run from the same starting cash); then the deepest fall in words.
 */
export function EquityCharts({ report }: { report: Report }) {
  const [chosen, setChosen] = useState(report.symbols[0]?.symbol ?? "");
  const pickId = useId();
  const current = report.symbols.find((s) => s.symbol === chosen) ?? report.symbols[0];

  const series = useMemo<SeriesSpec[]>(() => {
    const eq = current?.equity ?? [];
    // Rebased to 100 at the start: the engine's 10,000,000 of cash makes unreadable axis labels.
    const start = eq[0]?.[1];
    const scale = start && start > 0 ? 100 / start : 1;
    return [
      {
        id: "equity",
        label: "Equity",
        kind: "line",
        color: "accent",
        data: eq.map(([time, value]) => ({ time, value: value * scale })),
      },
      {
        id: "drawdown",
        label: "Drawdown %",
        kind: "area",
        color: "down",
        pane: 1,
        data: drawdown(eq).map((p) => ({ time: p.time, value: p.value * 100 })),
      },
    ];
  }, [current]);

  if (!current) return null;
  const m = current.metrics;
  return (
    <>
      <section aria-labelledby={`${pickId}-equity`}>
        <div className={styles.chartHead}>
          <h2 id={`${pickId}-equity`}>Equity</h2>
          {report.symbols.length > 1 && (
            <div className={styles.picker}>
              <label htmlFor={pickId}>Chart symbol</label>
              <select id={pickId} value={current.symbol} onChange={(e) => setChosen(e.target.value)}>
                {report.symbols.map((s) => (
                  <option key={s.symbol}>{s.symbol}</option>
                ))}
              </select>
            </div>
          )}
        </div>
        {current.equity.length < 2 ? (
          <p className="empty-state">The report holds no equity curve for {current.symbol}.</p>
        ) : (
          <TimeChart
            label={`Equity of ${report.strategy} on ${current.symbol} (100 at the start), with its drawdown from the running peak in percent in the pane below`}
            series={series}
            height={300}
            paneHeight={130}
          />
        )}
      </section>
      <section aria-labelledby={`${pickId}-drawdown`}>
        <h2 id={`${pickId}-drawdown`}>Drawdown</h2>
        <p>
          Deepest fall on {current.symbol}: <strong className="down">{formatPercent(m.max_drawdown === null ? null : -m.max_drawdown)}</strong>
          {current.drawdown.peak !== null && (
            <>
              {" "}
              from the peak of {formatBarDate(current.drawdown.peak)} to the low of {formatBarDate(current.drawdown.trough)},{" "}
              {current.drawdown.recovery !== null ? `recovered on ${formatBarDate(current.drawdown.recovery)}` : "not recovered by the end"}
            </>
          )}
          . The chart&apos;s lower pane shows it over time.
        </p>
      </section>
    </>
  );
}
