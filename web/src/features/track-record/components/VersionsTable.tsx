/** Live figures per model version: a retrained model starts its own record. */
import { formatDate, formatNumber, formatPercent } from "../../../lib/format";
import type { VersionRecord } from "../api";
import styles from "../trackRecord.module.css";

export function VersionsTable({ versions }: { versions: VersionRecord[] }) {
  if (versions.length === 0) return null;
  return (
    <>
      <h3 className={styles.subhead}>By model version</h3>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Live figures by model version">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Live since</th>
              <th scope="col" className="num">Signals</th>
              <th scope="col" className="num">Graded</th>
              <th scope="col" className="num">Win rate</th>
              <th scope="col" className="num">Mean return</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.model_version}>
                <td>
                  <code className="mono" title={v.model_version}>
                    {v.model_version.slice(0, 10)}
                  </code>
                </td>
                <td>{formatDate(v.live_since)}</td>
                <td className="num">{formatNumber(v.signals, 0)}</td>
                <td className="num">{formatNumber(v.graded, 0)}</td>
                <td className="num">{formatPercent(v.win_rate, 1)}</td>
                <td className="num">{formatPercent(v.average_return, 2, true)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
