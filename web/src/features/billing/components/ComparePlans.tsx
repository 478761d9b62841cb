import { LIMIT_ROWS, planName } from "../limits";
import styles from "../PlanPage.module.css";
import type { PlanView } from "../api/queries";

/** Every plan side by side, the reader's own marked; values from the server. */
export function ComparePlans({ plans, current }: { plans: PlanView[]; current: string }) {
  return (
    <div className="table-wrap" role="region" aria-label="Compare plans table" tabIndex={0}>
      <table className="table" aria-label="Compare plans">
        <thead>
          <tr>
            <th scope="col">Limit</th>
            {plans.map((p) => (
              <th scope="col" key={p.id}>
                {planName(p.id)}
                {p.id === current && " (yours)"}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {LIMIT_ROWS.map((row) => (
            <tr key={row.label}>
              <th scope="row" className={styles.rowHead}>
                {row.label}
              </th>
              {plans.map((p) => (
                <td key={p.id}>{row.value(p)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
