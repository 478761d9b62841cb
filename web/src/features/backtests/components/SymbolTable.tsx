import { formatBarDate } from "../../../lib/format";
import styles from "../backtests.module.css";
import { formatMetric, METRIC_LABELS, metricTone } from "../format";
import type { MetricName, Report } from "../report";

const COLUMNS: MetricName[] = [
  "total_return",
  "cagr",
  "sharpe",
  "sortino",
  "max_drawdown",
  "trades",
  "win_rate",
  "probabilistic_sharpe",
  "deflated_sharpe",
];

/** Each symbol's figures, with buy-and-hold's return beside the strategy's. */
export function SymbolTable({ report }: { report: Report }) {
  return (
    <section aria-labelledby="per-symbol-heading">
      <h2 id="per-symbol-heading">Per symbol</h2>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Per symbol table">
        <table className="table" aria-label="Per symbol">
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col">Period</th>
              {COLUMNS.map((c) => (
                <th scope="col" className="num" key={c}>
                  {METRIC_LABELS[c]}
                </th>
              ))}
              <th scope="col" className="num">Buy-and-hold return</th>
            </tr>
          </thead>
          <tbody>
            {report.symbols.map((s) => (
              <tr key={s.symbol}>
                <th scope="row" className={styles.rowHead}>{s.symbol}</th>
                <td>
                  {formatBarDate(s.firstTime)} – {formatBarDate(s.lastTime)}
                </td>
                {COLUMNS.map((c) => (
                  <td key={c} className={`num ${metricTone(c, s.metrics[c])}`}>
                    {formatMetric(c, s.metrics[c])}
                  </td>
                ))}
                <td className={`num ${metricTone("total_return", s.buyAndHold.total_return)}`}>
                  {formatMetric("total_return", s.buyAndHold.total_return)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
