import { Badge } from "../../../components/Badge";
import { formatNumber } from "../../../lib/format";
import { useUsage, type PlanView } from "../api/queries";
import styles from "../PlanPage.module.css";
import { LIMIT_ROWS, type LimitRow, type UsageSource } from "../limits";

type UsageQuery = ReturnType<typeof useUsage>;

/** The current plan's limits beside what the caller uses (today, for the daily ones). */
export function UsageTable({ plan }: { plan: PlanView }) {
  const usage = useUsage();

  return (
    <div className="table-wrap" role="region" aria-label="Limits and usage table" tabIndex={0}>
      <table className="table" aria-label="Limits and usage">
        <thead>
          <tr>
            <th scope="col">Limit</th>
            <th scope="col">Your plan</th>
            <th scope="col">In use</th>
          </tr>
        </thead>
        <tbody>
          {LIMIT_ROWS.map((row) => (
            <tr key={row.label}>
              <th scope="row" className={styles.rowHead}>
                {row.label}
              </th>
              <td>{row.value(plan)}</td>
              <td>
                <Usage row={row} plan={plan} source={row.usage} usage={usage} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Usage({
  row,
  plan,
  source,
  usage,
}: {
  row: LimitRow;
  plan: PlanView;
  source: UsageSource;
  usage: UsageQuery;
}) {
  if (source === "none") return <span className="muted">—</span>;
  if (source === "not-measured") {
    return (
      <span className="muted" title="The API does not report this usage yet">
        not measured
      </span>
    );
  }
  if (usage.isPending) return <span className="muted">Loading…</span>;
  if (usage.error || usage.data === undefined) {
    return (
      <span className="muted" title={usage.error instanceof Error ? usage.error.message : undefined}>
        could not be read
      </span>
    );
  }
  const used = usage.data[source].used;
  const cap = row.cap?.(plan);
  return (
    <>
      {formatNumber(used, 0)}
      {cap !== undefined && used > cap && (
        <>
          {" "}
          <Badge tone="fail">Over limit</Badge>
        </>
      )}
      {cap !== undefined && cap > 0 && used === cap && (
        <>
          {" "}
          <Badge tone="pending">At limit</Badge>
        </>
      )}
    </>
  );
}
