import { formatNumber, formatPercent } from "../../../lib/format";
import styles from "../backtests.module.css";
import { formatMetric, METRIC_LABELS, metricTone } from "../format";
import { METRICS, type MetricName, type Report } from "../report";
import { strategyLabel } from "../strategies";

const HEADLINE: MetricName[] = [
  "cagr",
  "sharpe",
  "sortino",
  "max_drawdown",
  "trades",
  "win_rate",
  "probabilistic_sharpe",
  "deflated_sharpe",
];

/**
 * The headline figures (means over symbols when there are several), every figure beside
 * buy-and-hold, how the run traded, and the model's calibration when the report has one.
 */
export function MetricsSection({ report }: { report: Report }) {
  const n = report.symbols.length;
  const variants = report.config.variants;
  const cfg = report.config;
  return (
    <section aria-labelledby="metrics-heading">
      <h2 id="metrics-heading">Metrics</h2>
      <p className="muted">
        {n === 1 ? `${report.symbols[0]?.symbol}: ` : `Means over ${n} symbols: `}
        the deflated Sharpe accounts for {formatNumber(variants, 0)} variant{variants === 1 ? "" : "s"} tried.
      </p>
      <dl className="stat-grid">
        {HEADLINE.map((m) => (
          <div className="stat" key={m}>
            <dt>{METRIC_LABELS[m]}</dt>
            <dd className={metricTone(m, report.mean[m])}>{formatMetric(m, report.mean[m])}</dd>
          </div>
        ))}
        <div className="stat">
          <dt>Variants tried</dt>
          <dd>{formatNumber(variants, 0)}</dd>
        </div>
      </dl>
      <h3>Strategy and buy-and-hold</h3>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Strategy against buy-and-hold table">
        <table className="table" aria-label="Strategy against buy-and-hold">
          <thead>
            <tr>
              <th scope="col">Figure{n > 1 ? " (mean)" : ""}</th>
              <th scope="col" className="num">{strategyLabel(report.strategy)}</th>
              <th scope="col" className="num">Buy and hold</th>
            </tr>
          </thead>
          <tbody>
            {METRICS.map((m) => (
              <tr key={m}>
                <th scope="row" className={styles.rowHead}>{METRIC_LABELS[m]}</th>
                <td className={`num ${metricTone(m, report.mean[m])}`}>{formatMetric(m, report.mean[m])}</td>
                <td className={`num ${metricTone(m, report.meanBuyAndHold[m])}`}>{formatMetric(m, report.meanBuyAndHold[m])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>How it traded</h3>
      <dl className="facts">
        <div>
          <dt>Strategy</dt>
          <dd>{report.strategy}</dd>
        </div>
        {Object.entries(report.params).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{formatNumber(v, 4)}</dd>
          </div>
        ))}
        <div>
          <dt>Fill</dt>
          <dd>{cfg.fill === "close" ? "signal bar's close" : "next bar's open"}</dd>
        </div>
        <div>
          <dt>Fees</dt>
          <dd>{formatNumber(cfg.commissionBps)} bps</dd>
        </div>
        <div>
          <dt>Slippage</dt>
          <dd>{formatNumber(cfg.slippageBps)} bps</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>{formatPercent(cfg.size, 0)}</dd>
        </div>
        <div>
          <dt>Starting equity</dt>
          <dd>{formatNumber(cfg.initialCash, 0)}</dd>
        </div>
        {report.modelVersion && (
          <div>
            <dt>Model</dt>
            <dd>{report.modelVersion}</dd>
          </div>
        )}
      </dl>
      {report.calibration && (
        <>
          <h3>Calibration of the signal probabilities</h3>
          <dl className="facts">
            <div>
              <dt>Forecasts</dt>
              <dd>{formatNumber(report.calibration.predictions, 0)}</dd>
            </div>
            <div>
              <dt>Base rate</dt>
              <dd>{formatPercent(report.calibration.base_rate, 1)}</dd>
            </div>
            <div>
              <dt>Brier</dt>
              <dd>{formatNumber(report.calibration.brier, 4)}</dd>
            </div>
            <div>
              <dt>Brier at the base rate</dt>
              <dd>{formatNumber(report.calibration.brier_base_rate, 4)}</dd>
            </div>
            <div>
              <dt>Brier skill</dt>
              <dd>{formatNumber(report.calibration.brier_skill, 3)}</dd>
            </div>
            <div>
              <dt>Log loss</dt>
              <dd>{formatNumber(report.calibration.log_loss, 4)}</dd>
            </div>
          </dl>
        </>
      )}
    </section>
  );
}
