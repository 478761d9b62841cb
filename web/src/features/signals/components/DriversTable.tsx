/** The inputs behind a decision: each driver's value and its signed weight, drawn as a bar. */
import { formatNumber } from "../../../lib/format";
import type { Schemas } from "../../../lib/api/client";
import styles from "./detail.module.css";

export function DriversTable({ drivers }: { drivers: Schemas["DriverOut"][] }) {
  if (drivers.length === 0) return <p className="muted">No drivers were recorded for this signal.</p>;
  const largest = Math.max(...drivers.map((d) => Math.abs(d.weight)), 1e-9);
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Drivers, strongest first</caption>
        <thead>
          <tr>
            <th scope="col">Driver</th>
            <th scope="col" className="num">
              Value
            </th>
            <th scope="col" className="num">
              Weight
            </th>
            <th scope="col" className={styles.barCol}>
              <span className="visually-hidden">Weight, drawn</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {drivers.map((d) => {
            const share = Math.abs(d.weight) / largest;
            return (
              <tr key={d.name}>
                <th scope="row" className="mono">
                  {d.name}
                </th>
                <td className="num">{formatNumber(d.value, 4)}</td>
                <td className={`num ${d.weight >= 0 ? "up" : "down"}`}>
                  {d.weight > 0 ? "+" : ""}
                  {formatNumber(d.weight, 3)}
                </td>
                <td className={styles.barCol} aria-hidden="true">
                  <span className={styles.barTrack}>
                    <span
                      className={`${styles.bar} ${d.weight >= 0 ? styles.barUp : styles.barDown}`}
                      style={{ width: `${Math.max(2, share * 100)}%` }}
                    />
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
