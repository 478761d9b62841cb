import { Badge, type Tone } from "../../../components/Badge";
import { QueryState, Skeleton } from "../../../components/QueryState";
import { formatDateTime, formatNumber, formatRelative } from "../../../lib/format";
import { useProviders } from "../api/queries";
import styles from "../Admin.module.css";

/** The breaker states, in the operator's words; colour repeats the text. */
const BREAKER: Record<string, { tone: Tone; label: string }> = {
  closed: { tone: "ok", label: "Closed · in use" },
  half_open: { tone: "pending", label: "Half-open · probing" },
  open: { tone: "fail", label: "Open · skipped" },
};

export function ProvidersTab() {
  const providers = useProviders();
  const now = Date.now();
  return (
    <section aria-labelledby="providers-heading">
      <h2 id="providers-heading">Providers</h2>
      <QueryState
        query={providers}
        skeleton={<Skeleton lines={4} />}
        isEmpty={(list) => list.length === 0}
        empty="No market-data providers are reported by this server."
      >
        {(list) => (
          <div className="table-wrap">
            <table className="table" aria-label="Market-data providers">
              <thead>
                <tr>
                  <th scope="col" className="num">Order</th>
                  <th scope="col">Provider</th>
                  <th scope="col">Breaker</th>
                  <th scope="col" className="num">Failures in a row</th>
                  <th scope="col" className="num">Errors</th>
                  <th scope="col" className="num">Skipped while open</th>
                  <th scope="col">Last success</th>
                </tr>
              </thead>
              <tbody>
                {list.map((p, i) => {
                  const b = BREAKER[p.breaker] ?? { tone: "neutral" as Tone, label: p.breaker };
                  return (
                    <tr key={p.provider}>
                      <td className="num">{i + 1}</td>
                      <th scope="row" className={styles.rowHead}>
                        {p.provider}
                      </th>
                      <td>
                        <Badge tone={b.tone}>{b.label}</Badge>
                      </td>
                      <td className="num">{formatNumber(p.consecutive_failures, 0)}</td>
                      <td className="num">{formatNumber(p.errors_total, 0)}</td>
                      <td className="num">{formatNumber(p.skipped_open, 0)}</td>
                      <td>
                        {p.last_success_ms ? (
                          <time
                            dateTime={new Date(p.last_success_ms).toISOString()}
                            title={formatDateTime(p.last_success_ms)}
                          >
                            {formatRelative(p.last_success_ms, now)}
                          </time>
                        ) : (
                          <span className="muted">never</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      <p className="muted">In fallback order; refreshed every 15 seconds.</p>
    </section>
  );
}
